// `npm run bench`: every benchmark of the project, each a seeded synthetic workload,
// measuring wall time and peak RSS. Results are printed and written to bench/out/results.json.
// Run on a quiet machine: the numbers are whole-process times on this machine's cores.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { scanBench } from './scan-bench.mjs';

mkdirSync('bench/out', { recursive: true });
const results = {
  machine: { node: process.version, cpus: (await import('node:os')).cpus().length },
  scan: await scanBench(),
};

// Area benchmarks live in their own scripts; each prints one JSON object per line.
// The RBAC benchmark imports the TypeScript sources, through tsx.
for (const [name, script, nodeArgs = []] of [
  ['pss', 'bench/pss-bench.mjs'],
  ['netpol', 'bench/netpol-bench.mjs'],
  ['rbac', 'bench/rbac-bench.mjs', ['--import', 'tsx']],
  ['rbacAudit', 'bench/rbac-audit-bench.mjs'],
]) {
  if (!existsSync(script)) continue;
  console.log(`\n== ${name}: node ${script}`);
  const r = spawnSync(process.execPath, [...nodeArgs, script], {
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  process.stdout.write(r.stdout);
  results[name] = r.stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l));
  if (r.status !== 0) results[name].push({ error: `exit ${r.status}` });
}
writeFileSync('bench/out/results.json', `${JSON.stringify(results, null, 2)}\n`);
console.log('\nscan:');
console.table(results.scan);
