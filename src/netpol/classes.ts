/**
 * Equivalence classes of workloads: workloads with the same namespace, labels, container
 * ports, host networking and (when ipBlocks can match pods) IPs are indistinguishable to
 * every selector, named port and ipBlock, so both evaluators (connectivity.ts and the
 * class graph of blast-radius-graph.ts) compute verdicts once per class.
 *
 * Computed once per model and profile choice (`classesOf`), in model order: class ids
 * follow the first workload of each class, members are listed in ascending order.
 */
import type { WorkloadPeer } from './workloads.js';

export interface WorkloadClasses {
  /** One representative (the first workload) per class. */
  readonly classes: readonly WorkloadPeer[];
  /** Class of each workload, by workload index. */
  readonly classOf: Int32Array;
  /** Workload indices of class c: memberList[memberStart[c] .. memberStart[c + 1]), ascending. */
  readonly memberStart: Int32Array;
  readonly memberList: Int32Array;
  /** Container-port profile of each class, 1.. in order of first use (0 stands for an IP: no ports). */
  readonly portsKey: Int32Array;
  /** The ports of each profile (index 0: none). */
  readonly portsOfKey: readonly (readonly WorkloadPeer['ports'][number][])[];
}

/** Characters the fast class key uses as separators; labels containing them take the exact slow key. */
const SEPARATORS = /[\u0001\u0002]/;

/**
 * A string equal for two workloads iff they are in one class. The fast form joins the
 * sorted `key=value` labels, the ports profile, host networking and the IPs with control
 * characters; when a namespace or label contains one of those, the JSON form of the same
 * facts (prefixed differently, so the forms never meet) keeps the key exact.
 */
function classKey(w: WorkloadPeer, portsId: number, ipsMatter: boolean): string {
  const keys = Object.keys(w.labels);
  if (keys.length > 1) keys.sort();
  let labels = '';
  let clean = !SEPARATORS.test(w.namespace);
  for (let i = 0; i < keys.length && clean; i++) {
    const k = keys[i]!;
    const v = w.labels[k]!;
    if (SEPARATORS.test(k) || SEPARATORS.test(v)) clean = false;
    labels += i === 0 ? `${k}=${v}` : `\u0001${k}=${v}`;
  }
  const ips = ipsMatter ? w.ips.join(',') : '';
  if (clean)
    return `F${w.namespace}\u0002${labels}\u0002${portsId}\u0002${w.hostNetwork ? 1 : 0}\u0002${ips}`;
  const pairs = keys.map((k) => `${k}=${w.labels[k]}`);
  return `J${JSON.stringify([w.namespace, pairs, portsId, w.hostNetwork, ips])}`;
}

function build(workloads: readonly WorkloadPeer[], ipsMatter: boolean): WorkloadClasses {
  // Container-port profiles: equal lists are usually one array (workloads.ts shares them).
  const portsIds = new Map<string, number>();
  const portsOfArray = new Map<readonly unknown[], number>();
  const portsOfKey: Array<WorkloadPeer['ports']> = [[]];
  const portsId = (ports: WorkloadPeer['ports']): number => {
    let id = portsOfArray.get(ports);
    if (id !== undefined) return id;
    const k = JSON.stringify(ports);
    id = portsIds.get(k);
    if (id === undefined) {
      id = portsOfKey.length;
      portsOfKey.push(ports);
      portsIds.set(k, id);
    }
    portsOfArray.set(ports, id);
    return id;
  };

  const classOf = new Int32Array(workloads.length);
  const classes: WorkloadPeer[] = [];
  const classPorts: number[] = [];
  const counts: number[] = [];
  const byKey = new Map<string, number>();
  for (const w of workloads) {
    const p = portsId(w.ports);
    const key = classKey(w, p, ipsMatter);
    let c = byKey.get(key);
    if (c === undefined) {
      c = classes.length;
      classes.push(w);
      classPorts.push(p);
      counts.push(0);
      byKey.set(key, c);
    }
    classOf[w.index] = c;
    counts[c]!++;
  }
  const C = classes.length;
  const memberStart = new Int32Array(C + 1);
  for (let c = 0; c < C; c++) memberStart[c + 1] = memberStart[c]! + counts[c]!;
  const memberList = new Int32Array(workloads.length);
  const fill = memberStart.slice(0, C);
  for (let i = 0; i < workloads.length; i++) memberList[fill[classOf[i]!]!++] = i;

  // Profiles numbered in class order (as a class-by-class scan would number them).
  const renumber = new Int32Array(portsOfKey.length).fill(-1);
  const orderedPorts: Array<WorkloadPeer['ports']> = [[]];
  const portsKey = new Int32Array(C);
  for (let c = 0; c < C; c++) {
    const p = classPorts[c]!;
    if (renumber[p] === -1) {
      renumber[p] = orderedPorts.length;
      orderedPorts.push(portsOfKey[p]!);
    }
    portsKey[c] = renumber[p]!;
  }
  return { classes, classOf, memberStart, memberList, portsKey, portsOfKey: orderedPorts };
}

const cache = new WeakMap<readonly WorkloadPeer[], { exact?: WorkloadClasses; byIps?: WorkloadClasses }>();

/** The classes of a model's workloads; IPs separate classes only when ipBlocks can match pods. */
export function classesOf(workloads: readonly WorkloadPeer[], ipsMatter: boolean): WorkloadClasses {
  let entry = cache.get(workloads);
  if (!entry) {
    entry = {};
    cache.set(workloads, entry);
  }
  if (ipsMatter) {
    entry.byIps ??= build(workloads, true);
    return entry.byIps;
  }
  entry.exact ??= build(workloads, false);
  return entry.exact;
}
