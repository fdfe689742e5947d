/**
 * Where a scan spends its time: loads a (synthetic) cluster, then runs every check of the
 * catalogue through runScan with a timer around each, and prints the checks by time, with
 * the memory each whole-inventory analysis keeps (with --expose-gc).
 *
 *   node bench/profile-checks.mjs [DIR] [--top N]      (builds this file with esbuild first)
 */
import { ALL_CHECKS } from '../src/checks/index.js';
import { runScan } from '../src/engine/runner.js';
import type { Check, CheckContext } from '../src/engine/types.js';
import { loadManifests } from '../src/input/load.js';
import type { Resource } from '../src/model/types.js';
import type { Workload } from '../src/model/workloads.js';

const dir = process.argv[2] ?? 'bench/out/cluster-100000';
const top = Number(process.argv[process.argv.indexOf('--top') + 1] || 25);
const gc = (globalThis as { gc?: () => void }).gc;
const heapMiB = () => {
  gc?.();
  return process.memoryUsage().heapUsed / 1048576;
};

const t0 = performance.now();
const loaded = await loadManifests([dir], { kustomize: false });
const loadMs = performance.now() - t0;
const afterLoad = heapMiB();

interface Row {
  id: string;
  ms: number;
  keptMiB: number;
}
const rows: Row[] = [];
const timed: Check[] = ALL_CHECKS.map((c): Check => {
  const row: Row = { id: c.meta.id, ms: 0, keptMiB: 0 };
  rows.push(row);
  if (c.target === 'inventory') {
    return {
      ...c,
      run(ctx: CheckContext) {
        const h0 = gc ? heapMiB() : 0;
        const s = performance.now();
        c.run(ctx);
        row.ms += performance.now() - s;
        if (gc) row.keptMiB = heapMiB() - h0;
      },
    };
  }
  if (c.target === 'workloads') {
    return {
      ...c,
      check(w: Workload, ctx: CheckContext) {
        const s = performance.now();
        c.check(w, ctx);
        row.ms += performance.now() - s;
      },
    };
  }
  return {
    ...c,
    check(r: Resource, ctx: CheckContext) {
      const s = performance.now();
      c.check(r, ctx);
      row.ms += performance.now() - s;
    },
  };
});
const t1 = performance.now();
const result = runScan({
  inventory: loaded.inventory,
  checks: timed,
  options: { pss: { level: 'restricted', version: 'latest' } },
  documentProblems: loaded.documentProblems,
  issues: loaded.issues,
});
const scanMs = performance.now() - t1;
const inChecks = rows.reduce((a, r) => a + r.ms, 0);
console.log(
  `${loaded.inventory.resources.length} objects: load ${loadMs.toFixed(0)} ms (heap ${afterLoad.toFixed(0)} MiB); ` +
    `runScan ${scanMs.toFixed(0)} ms = checks ${inChecks.toFixed(0)} ms + engine ${(scanMs - inChecks).toFixed(0)} ms; ` +
    `${result.findings.length} findings; heap after ${heapMiB().toFixed(0)} MiB`,
);
for (const r of rows.sort((a, b) => b.ms - a.ms).slice(0, top)) {
  console.log(
    `${r.id.padEnd(11)} ${r.ms.toFixed(0).padStart(6)} ms${r.keptMiB ? `  keeps ${r.keptMiB.toFixed(0)} MiB` : ''}`,
  );
}
