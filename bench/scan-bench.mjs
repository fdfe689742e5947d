// `kzt scan` benchmark: synthetic clusters of 10k and 100k objects (seeded), whole-process
// wall time and peak RSS of `kzt scan -o json`, and of a parse-only run of the same files
// with the same parser (bench/parse-only.ts). Median of N runs.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { generateCluster } from './synth.mjs';

const OUT = 'bench/out';
const sizes = (process.env.KZT_BENCH_SIZES ?? '10000,100000').split(',').map(Number);
const runs = Number(process.env.KZT_BENCH_RUNS ?? 3);

function timed(args) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--import', './bench/rss-hook.mjs', ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const rss = Number(/KZT_BENCH_MAXRSS_KB=(\d+)/.exec(r.stderr)?.[1] ?? 0) / 1024;
  if (r.status !== 0 && r.status !== 1)
    throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr.slice(0, 500)}`);
  return { seconds, rss };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function scanBench() {
  mkdirSync(OUT, { recursive: true });
  await build({
    entryPoints: ['bench/parse-only.ts'],
    outfile: join(OUT, 'parse-only.mjs'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
    banner: {
      js: "import { createRequire as __c } from 'node:module'; const require = __c(import.meta.url);",
    },
  });
  if (!existsSync('dist/kzt.mjs')) throw new Error('run npm run build first');
  const rows = [];
  for (const n of sizes) {
    const dir = join(OUT, `cluster-${n}`);
    const gen = generateCluster(dir, n, 42);
    const scan = [];
    const parse = [];
    for (let i = 0; i < runs; i++) {
      parse.push(timed([join(OUT, 'parse-only.mjs'), dir]));
      scan.push(
        timed(['dist/kzt.mjs', 'scan', dir, '-o', 'json', '--output-file', join(OUT, `scan-${n}.json`)]),
      );
    }
    const row = {
      objects: gen.objects,
      files: gen.files,
      megabytes: +(gen.bytes / 1048576).toFixed(1),
      scanSeconds: +median(scan.map((s) => s.seconds)).toFixed(2),
      scanPeakRssMiB: Math.round(Math.max(...scan.map((s) => s.rss))),
      parseOnlySeconds: +median(parse.map((s) => s.seconds)).toFixed(2),
      parseOnlyPeakRssMiB: Math.round(Math.max(...parse.map((s) => s.rss))),
    };
    row.ratio = +(row.scanSeconds / row.parseOnlySeconds).toFixed(2);
    rows.push(row);
    console.log(JSON.stringify(row));
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = await scanBench();
  console.table(rows);
}
