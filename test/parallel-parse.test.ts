/**
 * Parsing on worker threads must give exactly the inventory a sequential load gives:
 * the same objects, in the same order, with the same positions for every node, the
 * same problems and issues, even when a worker dies.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { type LoadResult, loadManifests } from '../src/input/load.js';
import type { JsonPath } from '../src/model/types.js';

const WORKER = resolve('dist/parse-worker.mjs');

beforeAll(() => {
  if (!existsSync(WORKER)) execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
});

/** 150 files of every shape the loader meets, good and bad. */
function corpus(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kzt-parallel-'));
  for (let i = 0; i < 130; i++) {
    const docs = [
      `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app-${i}\n  namespace: ns-${i % 7}\n  labels: {app: a${i}, "80": port}\nspec:\n  template:\n    spec:\n      containers:\n        - name: c\n          image: nginx:1.${i}\n          ports: [{containerPort: ${8000 + i}}]\n          securityContext:\n            privileged: ${i % 2 === 0 ? 'yes' : 'off'}\n            runAsUser: 0${i % 8}\n`,
      `# Source: chart/templates/svc-${i}.yaml\napiVersion: v1\nkind: Service\nmetadata: {name: svc-${i}}\nspec:\n  ports:\n    - port: 80\n`,
    ];
    if (i % 10 === 0)
      docs.push('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: dup\ndata:\n  a: "1"\n  a: "2"\n');
    if (i % 13 === 0) docs.push('apiVersion: v1\nkind: Pod\nmetadata: {name: [broken\n');
    if (i % 17 === 0) docs.push('just a string\n');
    if (i % 19 === 0)
      docs.push(
        'apiVersion: v1\nkind: List\nitems:\n  - &pod {apiVersion: v1, kind: Pod, metadata: {name: p}, spec: {containers: [{name: c, image: x}]}}\n  - *pod\n',
      );
    if (i % 23 === 0)
      docs.push('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: proto}\ndata: {__proto__: x}\n');
    writeFileSync(join(dir, `f-${String(i).padStart(3, '0')}.yaml`), docs.join('---\n'));
  }
  writeFileSync(join(dir, 'binary.yaml'), Buffer.from([0, 1, 2, 3, 0xff, 0, 0]));
  writeFileSync(join(dir, 'utf16.yaml'), Buffer.from([0xff, 0xfe, 0x61, 0]));
  writeFileSync(join(dir, 'empty.yaml'), '');
  writeFileSync(join(dir, 'big.yaml'), 'x'.repeat(5000));
  for (let i = 0; i < 16; i++)
    writeFileSync(
      join(dir, `j-${i}.json`),
      JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: `n${i}` } }),
    );
  return dir;
}

/** Every path to every node of a value. */
function paths(v: unknown, at: JsonPath = [], out: JsonPath[] = []): JsonPath[] {
  out.push(at);
  if (Array.isArray(v)) for (const [i, x] of v.entries()) paths(x, [...at, i], out);
  else if (typeof v === 'object' && v !== null)
    for (const [k, x] of Object.entries(v)) paths(x, [...at, k], out);
  return out;
}

/** The whole load as plain data, positions of every node included. */
function observable(r: LoadResult) {
  return {
    resources: r.inventory.resources.map((res) => ({
      ref: res.ref,
      origin: res.origin,
      object: res.object,
      protoKey: Object.hasOwn((res.object.data as object | undefined) ?? {}, '__proto__'),
      positions: paths(res.object).map((p) => [p.join('.'), res.locate(p)]),
    })),
    issues: r.issues,
    documentProblems: r.documentProblems,
    files: r.files,
  };
}

describe('parallel parse', () => {
  const dir = corpus();
  const opts = { kustomize: false, cwd: dir, maxFileSize: 4096 };

  it('gives the inventory, positions, problems and issues of a sequential load', async () => {
    const sequential = observable(await loadManifests([dir], opts));
    // The main thread parses nothing itself here, so every file goes through a worker.
    const parallel = observable(
      await loadManifests([dir], {
        ...opts,
        parallel: { script: pathToFileURL(WORKER), workers: 2, mainThreadParses: false },
      }),
    );
    expect(sequential.resources.length).toBeGreaterThan(250);
    expect(sequential.documentProblems.map((p) => p.code)).toEqual(
      expect.arrayContaining(['duplicate-key', 'yaml-syntax']),
    );
    expect(sequential.issues.map((i) => i.code)).toEqual(
      expect.arrayContaining(['binary', 'encoding', 'too-large', 'not-kubernetes']),
    );
    expect(sequential.resources.some((r) => r.protoKey)).toBe(true);
    expect(parallel).toEqual(sequential);
  });

  it('keeps the order of files among stdin and the other sources', async () => {
    const stdin = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: from-stdin}\n';
    const mixed = { ...opts, readStdin: async () => Buffer.from(stdin) };
    const sequential = observable(await loadManifests(['-', dir, '-'], mixed));
    const parallel = observable(
      await loadManifests(['-', dir, '-'], {
        ...mixed,
        parallel: { script: pathToFileURL(WORKER), workers: 2, mainThreadParses: false },
      }),
    );
    expect(sequential.resources[0]!.ref.name).toBe('from-stdin');
    expect(sequential.resources.at(-1)!.ref.name).toBe('from-stdin');
    expect(parallel).toEqual(sequential);
  });

  it('loses nothing when its workers fail: the main thread parses what they did not send', async () => {
    const failing = join(mkdtempSync(join(tmpdir(), 'kzt-worker-')), 'fail.mjs');
    writeFileSync(failing, 'throw new Error("worker down");\n');
    const sequential = observable(await loadManifests([dir], opts));
    const recovered = observable(
      await loadManifests([dir], {
        ...opts,
        parallel: { script: pathToFileURL(failing), workers: 2, mainThreadParses: false },
      }),
    );
    expect(recovered).toEqual(sequential);
  });

  it('the CLI writes the same report with one thread and with workers', () => {
    const scan = (jobs: string) =>
      spawnSync(process.execPath, [resolve('dist/kzt.mjs'), 'scan', '.', '-o', 'json', '--fail-on', 'none'], {
        cwd: dir,
        encoding: 'utf8',
        env: { PATH: process.env.PATH ?? '', KZT_JOBS: jobs },
        maxBuffer: 1 << 28,
      });
    const one = scan('1');
    const three = scan('3');
    expect(one.status).toBe(2); // the binary and UTF-16 files are input errors
    expect(JSON.parse(one.stdout).findings.length).toBeGreaterThan(100);
    expect(three.stdout).toBe(one.stdout);
    expect(three.stderr).toBe(one.stderr);
  });
});
