/**
 * Which workloads a selector selects, without testing every workload of the namespace:
 * the workloads of each namespace, and an inverted index from (namespace, label key,
 * value) to the workloads carrying that label. A requirement `key In (v)` (matchLabels
 * and single-value matchExpressions) can only match workloads listed under key=v, so the
 * candidates are the shortest such list; each candidate is then tested with the whole
 * selector, as a scan would. Results are therefore exactly a scan's, in model order.
 *
 * Namespaces are indexed the same way by their labels. One index per model (`indexOf`),
 * shared by the model build (Ingress exposure), the class graph and the checks.
 */
import { type Labels, mapSelectorMatches, type Selector, selectorMatches } from '../model/selectors.js';
import type { PodSelection } from './selection.js';
import type { WorkloadPeer } from './workloads.js';

/** A posting: one workload index (the usual case: an app label), or several, ascending. */
type Posting = number | number[];

const NONE: readonly WorkloadPeer[] = Object.freeze([]) as readonly WorkloadPeer[];

export class WorkloadIndex {
  /** Workloads by namespace, in model order. */
  readonly byNamespace: ReadonlyMap<string, readonly WorkloadPeer[]>;
  private readonly workloads: readonly WorkloadPeer[];
  /** namespace → label key → value → workloads */
  private readonly labels = new Map<string, Map<string, Map<string, Posting>>>();
  /** label key → value → namespaces (every namespace of `namespaceLabels`), for namespace selectors. */
  private readonly nsLabels = new Map<string, Map<string, string[]>>();
  private readonly namespaceLabels: ReadonlyMap<string, Labels>;

  constructor(workloads: readonly WorkloadPeer[], namespaceLabels: ReadonlyMap<string, Labels>) {
    this.workloads = workloads;
    this.namespaceLabels = namespaceLabels;
    const byNamespace = new Map<string, WorkloadPeer[]>();
    for (const w of workloads) {
      const list = byNamespace.get(w.namespace);
      if (list) list.push(w);
      else byNamespace.set(w.namespace, [w]);
      let keys = this.labels.get(w.namespace);
      if (!keys) {
        keys = new Map();
        this.labels.set(w.namespace, keys);
      }
      for (const key of Object.keys(w.labels)) {
        let values = keys.get(key);
        if (!values) {
          values = new Map();
          keys.set(key, values);
        }
        const value = w.labels[key]!;
        const p = values.get(value);
        if (p === undefined) values.set(value, w.index);
        else if (typeof p === 'number') values.set(value, [p, w.index]);
        else p.push(w.index);
      }
    }
    this.byNamespace = byNamespace;
    for (const [ns, labels] of namespaceLabels)
      for (const key of Object.keys(labels)) {
        let values = this.nsLabels.get(key);
        if (!values) {
          values = new Map();
          this.nsLabels.set(key, values);
        }
        const value = labels[key]!;
        const list = values.get(value);
        if (list) list.push(ns);
        else values.set(value, [ns]);
      }
  }

  private posting(ns: string, key: string, value: string): readonly WorkloadPeer[] {
    const p = this.labels.get(ns)?.get(key)?.get(value);
    if (p === undefined) return NONE;
    if (typeof p === 'number') return [this.workloads[p]!];
    return p.map((i) => this.workloads[i]!);
  }

  /** Workloads of `ns` (selectable or not) whose labels `sel` matches, in model order. */
  podsIn(ns: string, sel: Selector): readonly WorkloadPeer[] {
    const all = this.byNamespace.get(ns) ?? NONE;
    if (sel.matchesAll) return all;
    let candidates = all;
    for (const r of sel.requirements) {
      if (r.operator !== 'In' || r.values.length !== 1) continue;
      const list = this.posting(ns, r.key, r.values[0]!);
      if (list.length < candidates.length) candidates = list;
      if (candidates.length === 0) return NONE;
    }
    return candidates.filter((w) => selectorMatches(sel, w.labels));
  }

  /** Workloads of `ns` with every label of a map selector (Service.spec.selector), in model order. */
  podsWithLabels(ns: string, selector: Readonly<Record<string, string>>): readonly WorkloadPeer[] {
    let candidates = this.byNamespace.get(ns) ?? NONE;
    for (const key of Object.keys(selector)) {
      const value = selector[key];
      if (typeof value !== 'string') continue;
      const list = this.posting(ns, key, value);
      if (list.length < candidates.length) candidates = list;
      if (candidates.length === 0) return NONE;
    }
    return candidates.filter((w) => mapSelectorMatches(selector, w.labels));
  }

  /** Namespaces (of the model's namespace labels) whose labels `sel` matches, in map order. */
  namespacesMatching(sel: Selector): readonly string[] {
    // Postings list namespaces in map order, so the shortest one filtered is in map order too.
    let candidates: readonly string[] | undefined;
    for (const r of sel.requirements) {
      if (r.operator !== 'In' || r.values.length !== 1) continue;
      const list = this.nsLabels.get(r.key)?.get(r.values[0]!) ?? [];
      if (!candidates || list.length < candidates.length) candidates = list;
    }
    const out: string[] = [];
    if (candidates) {
      for (const ns of candidates) if (selectorMatches(sel, this.namespaceLabels.get(ns)!)) out.push(ns);
      return out;
    }
    for (const [ns, labels] of this.namespaceLabels) if (selectorMatches(sel, labels)) out.push(ns);
    return out;
  }
}

/**
 * The workloads a pod selection matches (selectionMatches: the namespace constraint and
 * the pod selector), selectable or not, in model order.
 */
export function selectWorkloads(index: WorkloadIndex, sel: PodSelection): readonly WorkloadPeer[] {
  if (sel.namespaces.kind === 'name') return index.podsIn(sel.namespaces.name, sel.pods);
  const namespaces = index.namespacesMatching(sel.namespaces.selector);
  if (namespaces.length === 1) return index.podsIn(namespaces[0]!, sel.pods);
  const out: WorkloadPeer[] = [];
  for (const ns of namespaces) for (const w of index.podsIn(ns, sel.pods)) out.push(w);
  return out.sort((a, b) => a.index - b.index);
}

const indexes = new WeakMap<object, WorkloadIndex>();

/** The index of a model's workloads, built once per model (any object with workloads and namespace labels). */
export function indexOf(model: {
  readonly workloads: readonly WorkloadPeer[];
  readonly namespaceLabels: ReadonlyMap<string, Labels>;
}): WorkloadIndex {
  let index = indexes.get(model.workloads);
  if (!index) {
    index = new WorkloadIndex(model.workloads, model.namespaceLabels);
    indexes.set(model.workloads, index);
  }
  return index;
}
