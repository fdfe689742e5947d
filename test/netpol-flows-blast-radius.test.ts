/**
 * The blast radius: the sparse class graph (src/netpol/blast-radius-graph.ts) must give
 * exactly the engine's verdicts (computeConnectivity) for every pair, and the reach
 * counts must equal a breadth-first search over workloads that asks the engine.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inventoryFromYaml, loadManifests } from '../src/input/load.js';
import type { Inventory } from '../src/model/inventory.js';
import { computeBlastRadius, reverseDistances, stronglyConnected } from '../src/netpol/blast-radius.js';
import { buildClassGraph } from '../src/netpol/blast-radius-graph.js';
import { computeConnectivity } from '../src/netpol/connectivity.js';
import { buildNetpolModel } from '../src/netpol/model.js';
import { formatConn } from '../src/netpol/ports.js';
import type { ProfileName } from '../src/netpol/profile.js';
import { arbitraryWorld, toJsonStream } from './netpol-flows-support.js';

const ROOT = resolve(__dirname, '../../shared/conformance/netpol/tests');
const present = existsSync(ROOT);
if (!present) console.warn(`blast radius: ${ROOT} not found; the conformance cross-check is skipped`);

/** Every pair, every atom: the sparse graph against the dense engine; reach against naive BFS. */
function crossCheck(inventory: Inventory, profile: ProfileName): number {
  const model = buildNetpolModel(inventory, { profile });
  const conn = computeConnectivity(model);
  const graph = buildClassGraph(model);
  const ws = model.workloads;
  const cls = (i: number) => graph.classOf[i]!;
  const succ = graph.successors();
  let pairs = 0;
  for (const s of ws)
    for (const d of ws) {
      const expected = formatConn(conn.between(s, d));
      const got = formatConn(graph.table.get(graph.connId(cls(s.index), cls(d.index))));
      if (got !== expected) throw new Error(`${s.display} => ${d.display}: graph ${got}, engine ${expected}`);
      const bit = (succ[cls(s.index)]![cls(d.index) >>> 5]! & (1 << (cls(d.index) & 31))) !== 0;
      expect(bit, `${s.display} => ${d.display}`).toBe(expected !== 'No Connections');
      pairs++;
    }
  model.sourceAtoms.forEach((a, k) => {
    for (const d of ws)
      expect(
        formatConn(graph.table.get(graph.fromSourceAtom(k, cls(d.index)))),
        `${a.display} => ${d.display}`,
      ).toBe(formatConn(conn.between(a, d)));
  });
  model.destinationAtoms.forEach((a, k) => {
    for (const s of ws)
      expect(
        formatConn(graph.table.get(graph.toDestinationAtom(cls(s.index), k))),
        `${s.display} => ${a.display}`,
      ).toBe(formatConn(conn.between(s, a)));
  });
  // Reach: naive BFS over workloads asking the engine for each edge.
  const br = computeBlastRadius(model, graph);
  const edge = (a: number, b: number) => formatConn(conn.between(ws[a]!, ws[b]!)) !== 'No Connections';
  for (const s of ws) {
    const seen = new Set<number>();
    const queue: number[] = [];
    for (const d of ws)
      if (edge(s.index, d.index)) {
        seen.add(d.index);
        queue.push(d.index);
      }
    const direct = [...seen].filter((i) => i !== s.index).length;
    while (queue.length) {
      const v = queue.shift()!;
      for (const d of ws)
        if (!seen.has(d.index) && edge(v, d.index)) {
          seen.add(d.index);
          queue.push(d.index);
        }
    }
    seen.delete(s.index);
    expect(br.direct(s), `direct ${s.display}`).toBe(direct);
    expect(br.transitive(s), `transitive ${s.display}`).toBe(seen.size);
    expect(
      br
        .reachList(s)
        .map((r) => r.workload.display)
        .sort(),
    ).toEqual([...seen].map((i) => ws[i]!.display).sort());
  }
  return pairs;
}

describe.skipIf(!present)('class graph = engine, on every conformance scenario', () => {
  const scenarios = present
    ? readdirSync(ROOT)
        .filter((d) => statSync(join(ROOT, d)).isDirectory())
        .sort()
    : [];
  for (const profile of ['k8s', 'np-guard'] as const) {
    it.each(scenarios)(`%s (${profile})`, async (scenario) => {
      const loaded = await loadManifests([join(ROOT, scenario)], {
        cwd: ROOT,
        readStdin: async () => new Uint8Array(),
      });
      crossCheck(loaded.inventory, profile);
    });
  }
});

describe('class graph = engine, on random worlds (property)', () => {
  for (const profile of ['k8s', 'np-guard'] as const) {
    it(`small worlds with every tier (${profile})`, () => {
      fc.assert(
        fc.property(arbitraryWorld(), (objects) => {
          crossCheck(inventoryFromYaml(toJsonStream(objects), 'world.yaml').inventory, profile);
        }),
        { numRuns: 150 },
      );
    });
  }
  it('worlds with more than 64 classes (the big-component path of the SCC)', () => {
    fc.assert(
      fc.property(arbitraryWorld({ workloads: [70, 110], policies: 6 }), (objects) => {
        crossCheck(inventoryFromYaml(toJsonStream(objects), 'world.yaml').inventory, 'k8s');
      }),
      { numRuns: 8 },
    );
  });
});

/** Naive SCC: mutual reachability by DFS. */
function naiveComponents(n: number, edge: (a: number, b: number) => boolean): number[][] {
  const reach = Array.from({ length: n }, (_, s) => {
    const seen = new Set<number>([s]);
    const stack = [s];
    while (stack.length) {
      const v = stack.pop()!;
      for (let d = 0; d < n; d++)
        if (edge(v, d) && !seen.has(d)) {
          seen.add(d);
          stack.push(d);
        }
    }
    return seen;
  });
  const groups = new Map<string, number[]>();
  for (let v = 0; v < n; v++) {
    const key = [...reach[v]!]
      .filter((u) => reach[u]!.has(v))
      .sort((a, b) => a - b)
      .join(',');
    groups.set(key, [...(groups.get(key) ?? []), v]);
  }
  return [...groups.values()].map((g) => g.sort((a, b) => a - b)).sort((a, b) => a[0]! - b[0]!);
}

describe('strongly connected components on bitset graphs (property)', () => {
  const graphArb = fc
    .record({
      n: fc.integer({ min: 1, max: 140 }),
      density: fc.constantFrom(0.01, 0.03, 0.2, 0.9),
      seed: fc.integer(),
    })
    .map(({ n, density, seed }) => {
      let x = seed >>> 0 || 1;
      const rnd = () => {
        x ^= x << 13;
        x ^= x >>> 17;
        x ^= x << 5;
        return (x >>> 0) / 4294967296;
      };
      const rows = Array.from({ length: n }, () => new Uint32Array((n + 31) >>> 5));
      for (let a = 0; a < n; a++)
        for (let b = 0; b < n; b++) if (rnd() < density) rows[a]![b >>> 5]! |= 1 << (b & 31);
      return rows;
    });
  it('match mutual reachability, numbered sinks first, and reverse distances match BFS', () => {
    fc.assert(
      fc.property(graphArb, (rows) => {
        const n = rows.length;
        const edge = (a: number, b: number) => (rows[a]![b >>> 5]! & (1 << (b & 31))) !== 0;
        const { comp, count } = stronglyConnected(rows);
        const got = new Map<number, number[]>();
        for (let v = 0; v < n; v++) got.set(comp[v]!, [...(got.get(comp[v]!) ?? []), v]);
        expect(got.size).toBe(count);
        expect([...got.values()].sort((a, b) => a[0]! - b[0]!)).toEqual(naiveComponents(n, edge));
        // reverse topological numbering: an edge never goes to a higher component id
        for (let a = 0; a < n; a++)
          for (let b = 0; b < n; b++) if (edge(a, b)) expect(comp[b]!).toBeLessThanOrEqual(comp[a]!);
        // distances to node 0
        const dist = reverseDistances(rows, 0);
        for (let v = 0; v < n; v++) {
          const seen = new Map<number, number>();
          const queue: number[] = [];
          for (let d = 0; d < n; d++)
            if (edge(v, d)) {
              seen.set(d, 1);
              queue.push(d);
            }
          while (queue.length) {
            const u = queue.shift()!;
            for (let d = 0; d < n; d++)
              if (edge(u, d) && !seen.has(d)) {
                seen.set(d, seen.get(u)! + 1);
                queue.push(d);
              }
          }
          expect(dist[v], `distance ${v} -> 0`).toBe(seen.get(0) ?? -1);
        }
      }),
      { numRuns: 60 },
    );
  });
});
