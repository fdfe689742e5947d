/**
 * The Inventory: every object of the input, indexed by kind, namespace and name.
 * Analyses read the inventory, never files.
 */
import { groupOf } from './kinds.js';
import { isRecord, type Resource, stringMap } from './types.js';
import { type Workload, workloadOf } from './workloads.js';

export class Inventory {
  readonly resources: readonly Resource[];
  private readonly byGroupKind = new Map<string, Resource[]>();
  private readonly byKey = new Map<string, Resource>();
  private workloadsCache: Workload[] | undefined;
  private namespaceCache: string[] | undefined;

  constructor(resources: readonly Resource[]) {
    this.resources = resources;
    for (const r of resources) {
      const gk = `${groupOf(r.ref.apiVersion)}/${r.ref.kind}`;
      const list = this.byGroupKind.get(gk);
      if (list) list.push(r);
      else this.byGroupKind.set(gk, [r]);
      // Later duplicates of the same object win, as `kubectl apply` of the stream would.
      this.byKey.set(`${gk}/${r.ref.namespace ?? ''}/${r.ref.name}`, r);
    }
  }

  /** Objects of a kind in an API group ('' for core), e.g. ofKind('networking.k8s.io', 'NetworkPolicy'). */
  ofKind(group: string, kind: string): readonly Resource[] {
    return this.byGroupKind.get(`${group}/${kind}`) ?? [];
  }

  get(group: string, kind: string, namespace: string | undefined, name: string): Resource | undefined {
    return this.byKey.get(`${group}/${kind}/${namespace ?? ''}/${name}`);
  }

  /** Every pod-bearing object with its pod (Pods and the templates of every workload kind). */
  workloads(): readonly Workload[] {
    if (!this.workloadsCache) {
      this.workloadsCache = [];
      for (const r of this.resources) {
        const w = workloadOf(r);
        if (w) this.workloadsCache.push(w);
      }
    }
    return this.workloadsCache;
  }

  /** Namespace objects in the input. */
  namespaceObjects(): readonly Resource[] {
    return this.ofKind('', 'Namespace');
  }

  /** Labels of a namespace as the cluster would have them (including kubernetes.io/metadata.name). */
  namespaceLabels(name: string): Record<string, string> {
    const ns = this.get('', 'Namespace', undefined, name);
    const labels = ns && isRecord(ns.object.metadata) ? stringMap(ns.object.metadata.labels) : {};
    return { ...labels, 'kubernetes.io/metadata.name': name };
  }

  /** Every namespace that exists or is used by an object, sorted. */
  namespaces(): readonly string[] {
    if (!this.namespaceCache) {
      const set = new Set<string>();
      for (const ns of this.namespaceObjects()) set.add(ns.ref.name);
      for (const r of this.resources) if (r.ref.namespace) set.add(r.ref.namespace);
      this.namespaceCache = [...set].sort();
    }
    return this.namespaceCache;
  }
}
