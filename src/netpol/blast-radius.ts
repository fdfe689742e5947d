/**
 * Lateral movement: for every workload, which workloads it can open a connection to
 * directly (one hop, as the policies allow it) and transitively (an attacker who owns A
 * reaches B, then from B reaches C, ...), and the shortest paths to the most sensitive
 * ones.
 *
 * Computed on the class graph (blast-radius-graph.ts): strongly connected components
 * (Tarjan, iterative) and, over the condensation in reverse topological order, one
 * reach bitset per component. Nothing is done per hop or per pod; counts are in
 * workloads (a class counts its members).
 *
 * "Reach" is pod-to-pod connectivity: any allowed port of any protocol counts as an
 * edge, because an attacker can use whatever the policies leave open. Loopback inside a
 * pod is not an edge. External addresses and the ingress controller are not nodes of
 * this graph (they are not workloads an attacker moves through).
 */
import { asArray, asRecord, asString, isRecord } from '../model/types.js';
import { workloadOf } from '../model/workloads.js';
import { buildClassGraph, type ClassGraph } from './blast-radius-graph.js';
import type { NetpolModel } from './model.js';
import type { WorkloadPeer } from './workloads.js';

export interface Sensitivity {
  /** 0 (nothing known) .. 5. */
  readonly score: number;
  /** Why, e.g. "data store (StatefulSet)", "reads Secrets". */
  readonly reasons: readonly string[];
}

export interface ReachTarget {
  readonly target: WorkloadPeer;
  readonly sensitivity: Sensitivity;
  /** Workloads from the source to the target, both included (shortest path in hops). */
  readonly path: readonly WorkloadPeer[];
}

export interface BlastRadius {
  readonly model: NetpolModel;
  readonly graph: ClassGraph;
  /** Workloads other than `w` it can connect to directly. */
  direct(w: WorkloadPeer): number;
  /** Workloads other than `w` it can reach in any number of hops. */
  transitive(w: WorkloadPeer): number;
  /** The workloads `w` reaches directly, sorted by name. */
  directList(w: WorkloadPeer): WorkloadPeer[];
  /** The workloads `w` reaches, with their distance in hops, sorted by distance then name. */
  reachList(w: WorkloadPeer): Array<{ workload: WorkloadPeer; hops: number; via: WorkloadPeer | undefined }>;
  sensitivity(w: WorkloadPeer): Sensitivity;
  /** The `n` most sensitive workloads `w` reaches (score > 0), each with a shortest path. */
  mostSensitive(w: WorkloadPeer, n: number): ReachTarget[];
  /** A shortest path from `src` to `dst` (both included), or undefined when unreachable. */
  path(src: WorkloadPeer, dst: WorkloadPeer): WorkloadPeer[] | undefined;
}

const DATA_STORE =
  /(^|[^a-z])(postgres(ql)?|mysql|mariadb|mongo(db)?|redis|valkey|cassandra|scylla|elasticsearch|opensearch|kafka|zookeeper|etcd|vault|rabbitmq|memcached|minio|couchdb|clickhouse|neo4j|influxdb|cockroach(db)?|db)([^a-z]|$)/;

/**
 * How much an attacker gains by reaching a workload (documented in docs/netpol.md):
 * control-plane namespace 3; node access (privileged container, hostPath volume, host
 * network) 2; data store (StatefulSet, or a data-store name or image) 2; reads Secrets
 * (secret volume, projected secret, envFrom or env secretKeyRef) 1. Summed.
 */
export function workloadSensitivity(w: WorkloadPeer): Sensitivity {
  const f = sensitivityFacts(w);
  const reasons: string[] = [];
  if (f.controlPlane) reasons.push(`control-plane namespace ${w.namespace}`);
  if (f.node) reasons.push('node access (privileged, hostPath or host network)');
  if (f.dataStore) reasons.push(`data store (${f.dataStore})`);
  if (f.secrets) reasons.push('reads Secrets');
  return { score: scoreOf(f), reasons };
}

interface SensitivityFacts {
  controlPlane: boolean;
  node: boolean;
  /** Why it is a data store ("StatefulSet", "name db", "image redis"), if it is one. */
  dataStore: string | undefined;
  secrets: boolean;
}

function scoreOf(f: SensitivityFacts): number {
  return (f.controlPlane ? 3 : 0) + (f.node ? 2 : 0) + (f.dataStore ? 2 : 0) + (f.secrets ? 1 : 0);
}

/** The last path segment of an image's repository: "registry/team/redis:7@sha256:..." -> "redis". */
function imageRepo(image: string): string {
  const at = image.indexOf('@');
  const beforeDigest = at < 0 ? image : image.slice(0, at);
  const colon = beforeDigest.indexOf(':');
  const name = colon < 0 ? beforeDigest : beforeDigest.slice(0, colon);
  return name.slice(name.lastIndexOf('/') + 1);
}

function sensitivityFacts(w: WorkloadPeer): SensitivityFacts {
  const controlPlane = w.namespace === 'kube-system' || w.namespace.startsWith('kube-');
  let node = false;
  let dataStore = w.kind === 'StatefulSet' ? 'StatefulSet' : undefined;
  let secrets = false;
  if (!dataStore && DATA_STORE.test(w.name.toLowerCase())) dataStore = `name ${w.name}`;
  for (const p of w.pods) {
    const wl = workloadOf(p.resource);
    if (!wl) continue;
    const spec = wl.spec;
    if (spec.hostNetwork === true) node = true;
    for (const v of asArray(spec.volumes)) {
      const vol = asRecord(v);
      if (!vol) continue;
      if (isRecord(vol.hostPath)) node = true;
      if (isRecord(vol.secret)) secrets = true;
      for (const src of asArray(asRecord(vol.projected)?.sources))
        if (isRecord(asRecord(src)?.secret)) secrets = true;
    }
    for (const key of ['containers', 'initContainers'] as const) {
      for (const c of asArray(spec[key])) {
        const container = asRecord(c);
        if (!container) continue;
        if (asRecord(container.securityContext)?.privileged === true) node = true;
        if (!dataStore) {
          const repo = imageRepo((asString(container.image) ?? '').toLowerCase());
          if (DATA_STORE.test(repo)) dataStore = `image ${repo}`;
        }
        for (const e of asArray(container.envFrom)) if (isRecord(asRecord(e)?.secretRef)) secrets = true;
        for (const e of asArray(container.env))
          if (isRecord(asRecord(asRecord(e)?.valueFrom)?.secretKeyRef)) secrets = true;
      }
    }
  }
  return { controlPlane, node, dataStore, secrets };
}

const byDisplay = (a: WorkloadPeer, b: WorkloadPeer) =>
  a.display < b.display ? -1 : a.display > b.display ? 1 : 0;

function forEachBit(bits: Uint32Array, fn: (i: number) => void): void {
  for (let w = 0; w < bits.length; w++) {
    let word = bits[w]!;
    while (word !== 0) {
      const low = word & -word;
      fn((w << 5) + 31 - Math.clz32(low));
      word ^= low;
    }
  }
}
function popcount(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}
const hasBit = (bits: Uint32Array, i: number) => (bits[i >>> 5]! & (1 << (i & 31))) !== 0;
const setBit = (bits: Uint32Array, i: number) => {
  bits[i >>> 5] = bits[i >>> 5]! | (1 << (i & 31));
};
const clearBit = (bits: Uint32Array, i: number) => {
  bits[i >>> 5] = bits[i >>> 5]! & ~(1 << (i & 31));
};

/**
 * Strongly connected components of a bitset graph (Tarjan, iterative); ids in reverse
 * topological order (sinks first). Successors are scanned a word at a time: visited
 * nodes are masked out, and so are nodes on the stack once a node's low-link already
 * equals the smallest index on the stack (they cannot lower it), which keeps dense
 * graphs (a flat network is one big component) near C²/32 word operations.
 */
export function stronglyConnected(succ: readonly Uint32Array[]): { comp: Int32Array; count: number } {
  const n = succ.length;
  const words = (n + 31) >>> 5;
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const unvisited = new Uint32Array(words);
  const onStack = new Uint32Array(words);
  const comp = new Int32Array(n).fill(-1);
  const stack: number[] = [];
  let next = 0;
  let count = 0;
  const frameNode: number[] = [];
  const frameWord: number[] = [];
  const frameBits: number[] = [];
  const candidates = (v: number, w: number): number => {
    const row = succ[v]!;
    const useful = low[v]! > index[stack[0]!]! ? unvisited[w]! | onStack[w]! : unvisited[w]!;
    return (row[w]! & useful) >>> 0;
  };
  const push = (v: number) => {
    index[v] = low[v] = next++;
    clearBit(unvisited, v);
    stack.push(v);
    setBit(onStack, v);
    frameNode.push(v);
    frameWord.push(0);
    frameBits.push(candidates(v, 0));
  };
  /** Tarjan over the nodes of `allowed`; every other node is done (numbered, or numbered later). */
  const run = (allowed: Uint32Array) => {
    unvisited.set(allowed);
    for (let root = 0; root < n; root++) {
      if (index[root] !== -1 || !hasBit(allowed, root)) continue;
      push(root);
      while (frameNode.length > 0) {
        const top = frameNode.length - 1;
        const v = frameNode[top]!;
        let word = frameWord[top]!;
        let bits = frameBits[top]!;
        let child = -1;
        while (word < words) {
          if (bits === 0) {
            word++;
            bits = word < words ? candidates(v, word) : 0;
            continue;
          }
          const lowBit = bits & -bits;
          bits = (bits ^ lowBit) >>> 0;
          const d = (word << 5) + 31 - Math.clz32(lowBit);
          if (index[d] === -1) {
            child = d;
            break;
          }
          if (hasBit(onStack, d) && index[d]! < low[v]!) low[v] = index[d]!;
        }
        if (child !== -1) {
          frameWord[top] = word;
          frameBits[top] = bits;
          push(child);
          continue;
        }
        frameNode.pop();
        frameWord.pop();
        frameBits.pop();
        if (frameNode.length > 0) {
          const parent = frameNode[frameNode.length - 1]!;
          if (low[v]! < low[parent]!) low[parent] = low[v]!;
        }
        if (low[v] === index[v]) {
          let x: number;
          do {
            x = stack.pop()!;
            clearBit(onStack, x);
            comp[x] = count;
          } while (x !== v);
          count++;
        }
      }
    }
  };

  // A flat network is one big component, which Tarjan would scan bit by bit: find the
  // component of the node with most successors first (forward closure ∩ backward
  // closure, word-level), number what it reaches, then it, then the rest.
  let pivot = 0;
  let best = -1;
  // Rows are often shared (class-rows.ts): count each distinct row once.
  const degrees = new Map<Uint32Array, number>();
  for (let v = 0; v < n; v++) {
    const row = succ[v]!;
    let deg = degrees.get(row);
    if (deg === undefined) {
      deg = 0;
      for (let w = 0; w < words; w++) deg += popcount(row[w]!);
      degrees.set(row, deg);
    }
    if (deg > best) {
      best = deg;
      pivot = v;
    }
  }
  const all = new Uint32Array(words);
  for (let i = 0; i < n; i++) setBit(all, i);
  if (n > 64) {
    const fwd = bitsetBfs(succ, pivot).dist;
    const bwd = reverseDistances(succ, pivot);
    const giant: number[] = [pivot];
    const below = new Uint32Array(words);
    const rest = new Uint32Array(all);
    clearBit(rest, pivot);
    for (let v = 0; v < n; v++) {
      if (v === pivot || fwd[v] === -1) continue;
      clearBit(rest, v);
      if (bwd[v] !== -1) giant.push(v);
      else setBit(below, v);
    }
    if (giant.length > 1) {
      run(below);
      for (const v of giant) {
        comp[v] = count;
        index[v] = next++;
      }
      count++;
      run(rest);
      return { comp, count };
    }
  }
  run(all);
  return { comp, count };
}

/**
 * Shortest distance from every node *to* `target` (≥ 1; -1 when it cannot reach it),
 * level by level without transposing the graph: a node is at level L+1 when its row
 * meets level L.
 */
export function reverseDistances(rows: readonly Uint32Array[], target: number): Int32Array {
  const n = rows.length;
  const words = (n + 31) >>> 5;
  const dist = new Int32Array(n).fill(-1);
  let remaining = Array.from({ length: n }, (_, i) => i);
  let level = new Uint32Array(words);
  setBit(level, target);
  for (let L = 1; remaining.length > 0; L++) {
    const nonzero: number[] = [];
    for (let w = 0; w < words; w++) if (level[w] !== 0) nonzero.push(w);
    if (nonzero.length === 0) break;
    const nextLevel = new Uint32Array(words);
    const keep: number[] = [];
    const hitByRow = new Map<Uint32Array, boolean>(); // shared rows meet the level alike
    for (const v of remaining) {
      const row = rows[v]!;
      let hit = hitByRow.get(row);
      if (hit === undefined) {
        hit = false;
        for (const w of nonzero)
          if ((row[w]! & level[w]!) !== 0) {
            hit = true;
            break;
          }
        hitByRow.set(row, hit);
      }
      if (hit) {
        dist[v] = L;
        setBit(nextLevel, v);
      } else keep.push(v);
    }
    remaining = keep;
    level = nextLevel;
  }
  return dist;
}

/**
 * Breadth-first search over a bitset graph from the successors of `start` (so `start`
 * itself is reached only through a cycle): distance (-1: unreached) and parent per node.
 */
function bitsetBfs(rows: readonly Uint32Array[], start: number): { dist: Int32Array; parent: Int32Array } {
  const n = rows.length;
  const words = (n + 31) >>> 5;
  const dist = new Int32Array(n).fill(-1);
  const parent = new Int32Array(n).fill(-1);
  const visited = new Uint32Array(words);
  const queue = new Int32Array(n);
  let head = 0;
  let tail = 0;
  // A row expanded once has all its successors visited: another node with the same
  // (shared) row, reached no earlier, adds nothing.
  const expanded = new Set<Uint32Array>();
  const expand = (v: number, level: number) => {
    const row = rows[v]!;
    if (expanded.has(row)) return;
    expanded.add(row);
    for (let w = 0; w < words; w++) {
      let fresh = (row[w]! & ~visited[w]!) >>> 0;
      if (fresh === 0) continue;
      visited[w] = visited[w]! | fresh;
      while (fresh !== 0) {
        const lowBit = fresh & -fresh;
        fresh = (fresh ^ lowBit) >>> 0;
        const d = (w << 5) + 31 - Math.clz32(lowBit);
        dist[d] = level;
        parent[d] = v;
        queue[tail++] = d;
      }
    }
  };
  expand(start, 1);
  while (head < tail) {
    const v = queue[head++]!;
    expand(v, dist[v]! + 1);
  }
  return { dist, parent };
}

export function computeBlastRadius(
  model: NetpolModel,
  graph: ClassGraph = buildClassGraph(model),
): BlastRadius {
  const C = graph.classes.length;
  const succ = graph.successors();
  const { comp, count: K } = stronglyConnected(succ);
  const compWords = (K + 31) >>> 5;
  const classWords = (C + 31) >>> 5;
  const { memberStart, memberList } = graph;
  const memberCount = (c: number) => memberStart[c + 1]! - memberStart[c]!;
  const compWeight = new Float64Array(K);
  const compClasses: number[][] = Array.from({ length: K }, () => []);
  for (let c = 0; c < C; c++) {
    compWeight[comp[c]!] = compWeight[comp[c]!]! + memberCount(c);
    compClasses[comp[c]!]!.push(c);
  }
  // Reach over components: components are numbered sinks first, so successors are done first.
  const reach: Uint32Array[] = new Array(K);
  const union = new Uint32Array(classWords);
  // Classes with equal rows share one array (class-rows.ts): each is ORed once per component.
  const rowDoneIn = new Map<Uint32Array, number>();
  for (let k = 0; k < K; k++) {
    const bits = new Uint32Array(compWords);
    union.fill(0);
    for (const c of compClasses[k]!) {
      const row = succ[c]!;
      if (rowDoneIn.get(row) === k) continue;
      rowDoneIn.set(row, k);
      for (let w = 0; w < classWords; w++) union[w] = union[w]! | row[w]!;
    }
    forEachBit(union, (d) => {
      const kd = comp[d]!;
      if (kd === k) {
        setBit(bits, k);
        return;
      }
      if (hasBit(bits, kd)) return;
      setBit(bits, kd);
      const r = reach[kd]!;
      for (let i = 0; i < compWords; i++) bits[i] = bits[i]! | r[i]!;
    });
    reach[k] = bits;
  }
  const reachWeight = new Float64Array(K);
  for (let k = 0; k < K; k++) {
    let sum = 0;
    forEachBit(reach[k]!, (j) => {
      sum += compWeight[j]!;
    });
    reachWeight[k] = sum;
  }
  // Direct reach: a popcount, plus the extra members of classes that have several.
  const multi = new Uint32Array(classWords);
  for (let c = 0; c < C; c++) if (memberCount(c) > 1) setBit(multi, c);
  const directWeights = new Map<Uint32Array, number>();
  const directWeight = (c: number): number => {
    const row = succ[c]!;
    const known = directWeights.get(row);
    if (known !== undefined) return known;
    let sum = 0;
    for (let w = 0; w < classWords; w++) {
      const word = row[w]!;
      if (word === 0) continue;
      sum += popcount(word);
      let extra = (word & multi[w]!) >>> 0;
      while (extra !== 0) {
        const lowBit = extra & -extra;
        extra = (extra ^ lowBit) >>> 0;
        sum += memberCount((w << 5) + 31 - Math.clz32(lowBit)) - 1;
      }
    }
    directWeights.set(row, sum);
    return sum;
  };

  const classOfW = (w: WorkloadPeer) => graph.classOf[w.index]!;
  const workloads = model.workloads;
  const rep = (c: number) => workloads[memberList[memberStart[c]!]!]!;

  /** BFS over classes from class s: distance and parent per class (-1 unreached). */
  const bfsCache = new Map<number, { dist: Int32Array; parent: Int32Array }>();
  const bfs = (s: number) => {
    let hit = bfsCache.get(s);
    if (!hit) {
      hit = bitsetBfs(succ, s);
      if (bfsCache.size > 256) bfsCache.clear();
      bfsCache.set(s, hit);
    }
    return hit;
  };

  const sensCache = new Map<number, Sensitivity>();
  const sensitivity = (w: WorkloadPeer): Sensitivity => {
    let s = sensCache.get(w.index);
    if (!s) {
      s = workloadSensitivity(w);
      sensCache.set(w.index, s);
    }
    return s;
  };

  const classPath = (sc: number, dc: number, parent: Int32Array): number[] => {
    const out = [dc];
    let v = dc;
    while (parent[v] !== -1 && parent[v] !== sc) {
      v = parent[v]!;
      out.push(v);
    }
    out.push(sc);
    return out.reverse();
  };

  const path = (src: WorkloadPeer, dst: WorkloadPeer): WorkloadPeer[] | undefined => {
    if (src.index === dst.index) return undefined;
    const sc = classOfW(src);
    const dc = classOfW(dst);
    const { dist, parent } = bfs(sc);
    if (dist[dc] === -1) return undefined;
    const classes = classPath(sc, dc, parent);
    return classes.map((c, i) => (i === 0 ? src : i === classes.length - 1 ? dst : rep(c)));
  };

  const reachList: BlastRadius['reachList'] = (w) => {
    const sc = classOfW(w);
    const { dist, parent } = bfs(sc);
    const out: Array<{ workload: WorkloadPeer; hops: number; via: WorkloadPeer | undefined }> = [];
    for (let c = 0; c < C; c++) {
      if (dist[c] === -1) continue;
      const hops = dist[c]!;
      const classes = hops > 1 ? classPath(sc, c, parent) : [];
      const via = hops > 1 ? rep(classes[1]!) : undefined;
      for (let i = memberStart[c]!; i < memberStart[c + 1]!; i++) {
        const m = memberList[i]!;
        if (m !== w.index) out.push({ workload: workloads[m]!, hops, via });
      }
    }
    return out.sort((a, b) => a.hops - b.hops || byDisplay(a.workload, b.workload));
  };

  let sensitive: WorkloadPeer[] | undefined;
  /** Every workload with a sensitivity score, most sensitive first (scores only: reasons are made for the few shown). */
  const sensitiveOrder = (): WorkloadPeer[] => {
    if (!sensitive) {
      const score = new Int8Array(workloads.length);
      const scored: WorkloadPeer[] = [];
      for (const t of workloads) {
        score[t.index] = scoreOf(sensitivityFacts(t));
        if (score[t.index]! > 0) scored.push(t);
      }
      sensitive = scored.sort((a, b) => score[b.index]! - score[a.index]! || byDisplay(a, b));
    }
    return sensitive;
  };

  // Shortest distances *to* a class (for paths to the most sensitive targets).
  const distToCache = new Map<number, Int32Array>();
  const distTo = (t: number): Int32Array => {
    let dist = distToCache.get(t);
    if (!dist) {
      dist = reverseDistances(succ, t);
      if (distToCache.size > 256) distToCache.clear();
      distToCache.set(t, dist);
    }
    return dist;
  };
  /** A shortest path from src to t (reachable), following decreasing distance to t. */
  const pathTo = (src: WorkloadPeer, t: WorkloadPeer): WorkloadPeer[] => {
    const tc = classOfW(t);
    const dist = distTo(tc);
    const out = [src];
    let cur = classOfW(src);
    while (dist[cur]! > 1) {
      const want = dist[cur]! - 1;
      let next = -1;
      const row = succ[cur]!;
      for (let w = 0; w < row.length && next === -1; w++) {
        let word = row[w]!;
        while (word !== 0) {
          const lowBit = word & -word;
          word ^= lowBit;
          const d = (w << 5) + 31 - Math.clz32(lowBit);
          if (d !== tc && dist[d] === want) {
            next = d;
            break;
          }
        }
      }
      if (next === -1) break;
      out.push(rep(next));
      cur = next;
    }
    out.push(t);
    return out;
  };

  return {
    model,
    graph,
    direct: (w) => {
      const c = classOfW(w);
      return directWeight(c) - (hasBit(succ[c]!, c) ? 1 : 0);
    },
    transitive: (w) => {
      const c = classOfW(w);
      const k = comp[c]!;
      return reachWeight[k]! - (hasBit(reach[k]!, k) ? 1 : 0);
    },
    directList: (w) => {
      const out: WorkloadPeer[] = [];
      forEachBit(succ[classOfW(w)]!, (d) => {
        for (let i = memberStart[d]!; i < memberStart[d + 1]!; i++) {
          const m = memberList[i]!;
          if (m !== w.index) out.push(workloads[m]!);
        }
      });
      return out.sort(byDisplay);
    },
    reachList,
    sensitivity,
    mostSensitive: (w, n) => {
      const k = comp[classOfW(w)]!;
      const out: ReachTarget[] = [];
      for (const t of sensitiveOrder()) {
        if (out.length >= n) break;
        if (t.index === w.index || !hasBit(reach[k]!, comp[classOfW(t)]!)) continue;
        out.push({ target: t, sensitivity: sensitivity(t), path: pathTo(w, t) });
      }
      return out;
    },
    path,
  };
}
