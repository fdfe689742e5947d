/**
 * Which peer slots a rule's peers match, for the evaluators that work on classes
 * (connectivity.ts, blast-radius-graph.ts). Slots: the workload classes 0..C-1, then the
 * external atoms of the direction (C + k), then on ingress the ingress controller (C + S).
 *
 * - A pod selection matches the selectable classes of the namespaces it names or selects
 *   whose labels its pod selector matches, and on ingress the ingress controller when it
 *   selects every pod of every namespace. Namespaces and pods are looked up through the
 *   model's workload index (workload-index.ts), not by testing every namespace and class.
 * - An IP set matches the atoms inside it and, when ipBlocks can match pods, the classes
 *   whose pod IPs are all inside it.
 *
 * Results are cached per selection object (policies compiled together share equal
 * selections: intern.ts) and per equal selection.
 */

import { type Selector, selectorMatches } from '../model/selectors.js';
import type { WorkloadClasses } from './classes.js';
import {
  INGRESS_CONTROLLER_SELECTABLE,
  ipSetMatchesWorkload,
  isSelectable,
  type NetpolModel,
} from './model.js';
import type { Direction } from './network-policy.js';
import { type PodSelection, selectionMatches } from './selection.js';
import { indexOf } from './workload-index.js';
import type { ExternalPeer } from './workloads.js';

export const NO_SLOTS: Int32Array = new Int32Array(0);

export class MatchSets {
  private readonly C: number;
  private readonly selectable: Uint8Array;
  /** Namespaces with at least one selectable class. */
  private readonly selectableNs = new Set<string>();
  private readonly bySelection = {
    ingress: new Map<PodSelection, Int32Array>(),
    egress: new Map<PodSelection, Int32Array>(),
  };
  private readonly byKey = new Map<string, Int32Array>();
  private readonly byIpSet = new Map<string, Int32Array>();
  /** Generation stamps per class, to collect each class once. */
  private readonly stamp: Int32Array;
  private generation = 0;

  constructor(
    private readonly model: NetpolModel,
    private readonly k: WorkloadClasses,
  ) {
    this.C = k.classes.length;
    this.selectable = new Uint8Array(this.C);
    this.stamp = new Int32Array(this.C);
    k.classes.forEach((w, c) => {
      if (!isSelectable(w, model.profile)) return;
      this.selectable[c] = 1;
      this.selectableNs.add(w.namespace);
    });
  }

  /** Slots a pod selection matches, ascending (the ingress controller last). */
  selection(sel: PodSelection, direction: Direction): Int32Array {
    const mine = this.bySelection[direction];
    const hit = mine.get(sel);
    if (hit) return hit;
    const key = `${direction}|${JSON.stringify(sel)}`;
    let slots = this.byKey.get(key);
    if (!slots) {
      slots = this.compute(sel, direction);
      this.byKey.set(key, slots);
    }
    mine.set(sel, slots);
    return slots;
  }

  private compute(sel: PodSelection, direction: Direction): Int32Array {
    const out: number[] =
      sel.namespaces.kind === 'name'
        ? this.classesIn(sel.namespaces.name, sel.pods)
        : indexOf(this.model)
            .namespacesMatching(sel.namespaces.selector)
            .flatMap((ns) => this.classesIn(ns, sel.pods));
    out.sort((a, b) => a - b);
    if (direction === 'ingress' && selectionMatches(sel, INGRESS_CONTROLLER_SELECTABLE))
      out.push(this.C + this.model.sourceAtoms.length);
    return Int32Array.from(out);
  }

  /** The selectable classes of namespace `ns` whose labels `pods` matches, ascending. */
  classesIn(ns: string, pods: Selector): number[] {
    if (!this.selectableNs.has(ns)) return [];
    const { classOf, classes } = this.k;
    const gen = ++this.generation;
    const out: number[] = [];
    for (const w of indexOf(this.model).podsIn(ns, pods)) {
      const c = classOf[w.index]!;
      if (this.stamp[c] === gen) continue;
      this.stamp[c] = gen;
      // The class's representative decides, as for every other question about a class.
      const rep = classes[c]!;
      if (this.selectable[c] && (rep === w || selectorMatches(pods, rep.labels))) out.push(c);
    }
    // Workloads come in model order, classes numbered in model order: already ascending but
    // for a class whose first matching member is not its first member.
    for (let i = 1; i < out.length; i++)
      if (out[i - 1]! > out[i]!) {
        out.sort((a, b) => a - b);
        break;
      }
    return out;
  }

  /** Slots an IP set matches: classes whose pods are inside it (when ipBlocks match pods), then atoms. */
  ipSet(set: readonly number[], direction: Direction): Int32Array {
    const key = `${direction}|${set.join(',')}`;
    const hit = this.byIpSet.get(key);
    if (hit) return hit;
    const { model } = this;
    const profile = model.profile;
    const out: number[] = [];
    if (profile.ipBlocksMatchPods)
      this.k.classes.forEach((w, c) => {
        if (ipSetMatchesWorkload(profile, set, w)) out.push(c);
      });
    const atoms: readonly ExternalPeer[] =
      direction === 'ingress' ? model.sourceAtoms : model.destinationAtoms;
    for (let i = 0; i < set.length; i += 2) {
      const lo = set[i]!;
      const hi = set[i + 1]!;
      // first atom starting at or after lo (atoms are sorted and tile the space)
      let a = 0;
      let b = atoms.length;
      while (a < b) {
        const m = (a + b) >> 1;
        if (atoms[m]!.first < lo) a = m + 1;
        else b = m;
      }
      for (let k = a; k < atoms.length && atoms[k]!.last <= hi; k++) out.push(this.C + k);
    }
    const arr = Int32Array.from(out);
    this.byIpSet.set(key, arr);
    return arr;
  }
}

/** The union of slot lists, in first-seen order (one list is returned as is). */
export function mergeSlots(lists: readonly Int32Array[]): Int32Array {
  if (lists.length === 1) return lists[0]!;
  const seen = new Set<number>();
  for (const l of lists) for (const v of l) seen.add(v);
  return Int32Array.from(seen);
}
