/**
 * Where each needed request is granted, and the widening policy. Every widening is
 * off by default, because kzt's promise is that the generated roles allow what the
 * log shows was needed and nothing else; each one is a flag a person turns on knowing
 * what it grants:
 *
 * - `resourceNames` (--resource-names): keep the object names a request named, so
 *   `get secret db-password` grants that Secret only. Off by default because most
 *   workloads create and read objects whose names change (pods of a Deployment, Jobs,
 *   leases with generated names) and a role pinned to last week's names breaks; turn
 *   it on for fixed names (a Secret, a ConfigMap, a lease).
 * - `maxResourceNames` (--max-resource-names N): with names kept, a verb on a resource
 *   seen with more than N names is granted for all names (audit2rbac collapses at 2).
 * - `widenVerbs` (--widen-verbs): get, list and watch are granted together, and update
 *   with patch. A log window can miss a verb that a client uses rarely (an informer
 *   relists, a controller switches from update to patch); this trades exactness for
 *   fewer surprises. audit2rbac does a similar expansion always.
 * - `clusterWideAfter` (--cluster-wide-after N): a namespaced request made in N or more
 *   namespaces is granted in every namespace by the ClusterRole. The biggest widening
 *   there is (it includes kube-system and namespaces created later), so it is never
 *   automatic; audit2rbac does it as soon as two namespaces are seen.
 *
 * Not a widening, always done: a namespaced grant that the ClusterRole already gives
 * (the same verb cluster-wide, e.g. `list pods` across all namespaces plus `list pods`
 * in one) is left out of the Role: the allowed set is the same.
 */

import { getOrInsert } from '../../model/maps.js';
import type { RequestAttributes } from '../request.js';
import { combinedResource } from '../rules.js';
import type { NonResourceGrant, ResourceGrant } from './compact.js';

export interface WideningOptions {
  resourceNames: boolean;
  maxResourceNames?: number;
  widenVerbs: boolean;
  clusterWideAfter?: number;
}

export const EXACT: WideningOptions = { resourceNames: false, widenVerbs: false };

export interface Widening {
  kind: 'verbs' | 'cluster-wide' | 'names';
  description: string;
}

const VERB_FAMILIES: readonly (readonly string[])[] = [
  ['get', 'list', 'watch'],
  ['update', 'patch'],
];

function family(verb: string): readonly string[] {
  for (const f of VERB_FAMILIES) if (f.includes(verb)) return f;
  return [verb];
}

type Names = Set<string> | 'all';
/** `verb\0group\0resource` → names */
type Entries = Map<string, Names>;

const entryKey = (verb: string, group: string, resource: string) => `${verb}\0${group}\0${resource}`;

function addName(entries: Entries, key: string, name: string): void {
  const cur = entries.get(key);
  if (name === '') entries.set(key, 'all');
  else if (cur === undefined) entries.set(key, new Set([name]));
  else if (cur !== 'all') cur.add(name);
}

function mergeNames(entries: Entries, key: string, names: Names): void {
  if (names === 'all') entries.set(key, 'all');
  else for (const n of names) addName(entries, key, n);
}

function covers(names: Names | undefined, name: string): boolean {
  return names !== undefined && (names === 'all' || (name !== '' && names.has(name)));
}

const describeEntry = (key: string): string => {
  const [verb, group, resource] = key.split('\0') as [string, string, string];
  return `${verb} ${resource}${group ? ` (${group})` : ''}`;
};

export class GrantPlan {
  readonly cluster: Entries = new Map();
  readonly namespaces = new Map<string, Entries>();
  readonly nonResource = new Map<string, Set<string>>();
  readonly widenings: Widening[] = [];

  constructor(private readonly options: WideningOptions) {}

  /** Plans every request, then applies the widenings and the cluster subsumption. */
  static of(requests: Iterable<RequestAttributes>, options: WideningOptions): GrantPlan {
    const plan = new GrantPlan(options);
    for (const r of requests) plan.add(r);
    plan.finish();
    return plan;
  }

  private scope(ns: string): Entries {
    if (ns === '') return this.cluster;
    return getOrInsert(this.namespaces, ns, (): Entries => new Map());
  }

  add(r: RequestAttributes): void {
    if (r.kind === 'nonResource') {
      getOrInsert(this.nonResource, r.path, () => new Set<string>()).add(r.verb);
      return;
    }
    const res = combinedResource(r.resource, r.subresource);
    const name = this.options.resourceNames ? r.name : '';
    const entries = this.scope(r.namespace);
    for (const v of this.options.widenVerbs ? family(r.verb) : [r.verb]) {
      const key = entryKey(v, r.apiGroup, res);
      if (v !== r.verb && !entries.has(key))
        this.widenings.push({
          kind: 'verbs',
          description: `${v} ${res}${r.apiGroup ? ` (${r.apiGroup})` : ''} ${r.namespace ? `in ${r.namespace}` : 'cluster-wide'}: added because ${r.verb} was used (--widen-verbs)`,
        });
      addName(entries, key, name);
    }
  }

  private finish(): void {
    const { clusterWideAfter, maxResourceNames, resourceNames } = this.options;
    if (clusterWideAfter !== undefined) {
      const seenIn = new Map<string, string[]>();
      for (const [ns, entries] of this.namespaces)
        for (const key of entries.keys()) {
          const l = seenIn.get(key);
          if (l) l.push(ns);
          else seenIn.set(key, [ns]);
        }
      for (const [key, nss] of [...seenIn].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
        if (nss.length < clusterWideAfter) continue;
        for (const ns of nss) {
          const entries = this.namespaces.get(ns)!;
          mergeNames(this.cluster, key, entries.get(key)!);
          entries.delete(key);
        }
        this.widenings.push({
          kind: 'cluster-wide',
          description: `${describeEntry(key)}: made in ${nss.length} namespaces (${nss.sort().slice(0, 5).join(', ')}${nss.length > 5 ? ', …' : ''}), granted in every namespace (--cluster-wide-after ${clusterWideAfter})`,
        });
      }
    }
    if (resourceNames && maxResourceNames !== undefined) {
      for (const [ns, entries] of [['', this.cluster] as const, ...this.namespaces])
        for (const [key, names] of entries)
          if (names !== 'all' && names.size > maxResourceNames) {
            entries.set(key, 'all');
            this.widenings.push({
              kind: 'names',
              description: `${describeEntry(key)} ${ns ? `in ${ns}` : 'cluster-wide'}: ${names.size} names seen, granted for every name (--max-resource-names ${maxResourceNames})`,
            });
          }
    }
    // What the ClusterRole grants is granted in every namespace: drop it from the Roles.
    for (const [ns, entries] of this.namespaces) {
      for (const [key, names] of entries) {
        const c = this.cluster.get(key);
        if (c === undefined) continue;
        if (c === 'all') entries.delete(key);
        else if (names !== 'all') {
          for (const n of names) if (c.has(n)) names.delete(n);
          if (names.size === 0) entries.delete(key);
        }
      }
      if (entries.size === 0) this.namespaces.delete(ns);
    }
  }

  /** Where a request is granted after planning: '' = the ClusterRole, else the Role of that namespace. */
  placement(r: RequestAttributes): string {
    if (r.kind === 'nonResource' || r.namespace === '') return '';
    const key = entryKey(r.verb, r.apiGroup, combinedResource(r.resource, r.subresource));
    const name = this.options.resourceNames ? r.name : '';
    return covers(this.namespaces.get(r.namespace)?.get(key), name) ? r.namespace : '';
  }

  static grants(entries: Entries): ResourceGrant[] {
    const out: ResourceGrant[] = [];
    for (const [key, names] of entries) {
      const [verb, apiGroup, resource] = key.split('\0') as [string, string, string];
      if (names === 'all') out.push({ verb, apiGroup, resource, name: '' });
      else for (const name of names) out.push({ verb, apiGroup, resource, name });
    }
    return out;
  }

  nonResourceGrants(): NonResourceGrant[] {
    const out: NonResourceGrant[] = [];
    for (const [path, verbs] of this.nonResource) for (const verb of verbs) out.push({ verb, path });
    return out;
  }
}
