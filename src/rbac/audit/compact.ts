/**
 * Grants → the fewest readable PolicyRules that allow exactly the same requests.
 *
 * A PolicyRule allows the cross product apiGroups × resources × verbs × names, so
 * merging two grants into one rule is exact only when the product adds nothing. We
 * therefore merge in two exact steps and never across API groups (one group per rule
 * is what `kubectl create role` writes and what a reviewer reads fastest):
 *   1. per (group, resource): verbs that have the same set of names form one entry
 *      (a verb used without a name — list, create — has "all names", which absorbs
 *      any named use of the same verb);
 *   2. per group: resources whose entries have the same verbs and names share a rule.
 * Output order is fixed (core group first, then by group, resource, verbs), verbs in
 * the order people write them (get, list, watch, create, update, patch, delete, ...).
 */

import { getOrInsert } from '../../model/maps.js';
import type { PolicyRule } from '../rules.js';

export interface ResourceGrant {
  verb: string;
  apiGroup: string;
  /** `pods` or `pods/log`. */
  resource: string;
  /** '' = every name. */
  name: string;
}

export interface NonResourceGrant {
  verb: string;
  path: string;
}

const VERB_ORDER = [
  'get',
  'list',
  'watch',
  'create',
  'update',
  'patch',
  'delete',
  'deletecollection',
  'head',
  'post',
  'put',
  'options',
];
const VERB_RANK = new Map(VERB_ORDER.map((v, i) => [v, i]));

export function compareVerbs(a: string, b: string): number {
  const ra = VERB_RANK.get(a) ?? VERB_ORDER.length;
  const rb = VERB_RANK.get(b) ?? VERB_ORDER.length;
  if (ra !== rb) return ra - rb;
  return a < b ? -1 : a > b ? 1 : 0;
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function rule(verbs: string[], partial: Partial<PolicyRule>): PolicyRule {
  return {
    verbs,
    apiGroups: partial.apiGroups ?? [],
    resources: partial.resources ?? [],
    resourceNames: partial.resourceNames ?? [],
    nonResourceURLs: partial.nonResourceURLs ?? [],
  };
}

/** Key of a name set: '*' for all names, else the sorted names. */
function namesKey(names: ReadonlySet<string> | 'all'): string {
  return names === 'all' ? '*' : JSON.stringify([...names].sort(cmp));
}

export function compactResourceGrants(grants: Iterable<ResourceGrant>): PolicyRule[] {
  // group → resource → verb → names
  const tree = new Map<string, Map<string, Map<string, Set<string> | 'all'>>>();
  for (const g of grants) {
    const byVerb = getOrInsert(
      getOrInsert(tree, g.apiGroup, () => new Map()),
      g.resource,
      () => new Map(),
    );
    const names = byVerb.get(g.verb);
    if (g.name === '') byVerb.set(g.verb, 'all');
    else if (names === undefined) byVerb.set(g.verb, new Set([g.name]));
    else if (names !== 'all') names.add(g.name);
  }
  const rules: PolicyRule[] = [];
  for (const group of [...tree.keys()].sort(cmp)) {
    const byRes = tree.get(group)!;
    // Step 1: (resource, names) → verbs.  Step 2: (verbs, names) → resources.
    const merged = new Map<string, { verbs: string[]; names: string[]; resources: string[] }>();
    for (const resource of [...byRes.keys()].sort(cmp)) {
      const byNames = new Map<string, { names: string[]; verbs: string[] }>();
      for (const [verb, names] of byRes.get(resource)!) {
        const k = namesKey(names);
        getOrInsert(byNames, k, () => ({
          names: names === 'all' ? [] : [...names].sort(cmp),
          verbs: [] as string[],
        })).verbs.push(verb);
      }
      for (const [nk, e] of byNames) {
        e.verbs.sort(compareVerbs);
        const k = `${JSON.stringify(e.verbs)}\0${nk}`;
        const m = merged.get(k);
        if (m) m.resources.push(resource);
        else merged.set(k, { verbs: e.verbs, names: e.names, resources: [resource] });
      }
    }
    const groupRules = [...merged.values()].map((m) =>
      rule(m.verbs, { apiGroups: [group], resources: m.resources, resourceNames: m.names }),
    );
    groupRules.sort(
      (a, b) =>
        cmp(a.resources[0]!, b.resources[0]!) ||
        cmp(a.verbs.join(','), b.verbs.join(',')) ||
        cmp(a.resourceNames.join(','), b.resourceNames.join(',')),
    );
    rules.push(...groupRules);
  }
  return rules;
}

export function compactNonResourceGrants(grants: Iterable<NonResourceGrant>): PolicyRule[] {
  const byPath = new Map<string, Set<string>>();
  for (const g of grants) {
    getOrInsert(byPath, g.path, () => new Set<string>()).add(g.verb);
  }
  const byVerbs = new Map<string, { verbs: string[]; paths: string[] }>();
  for (const path of [...byPath.keys()].sort(cmp)) {
    const verbs = [...byPath.get(path)!].sort(compareVerbs);
    const k = JSON.stringify(verbs);
    const e = byVerbs.get(k);
    if (e) e.paths.push(path);
    else byVerbs.set(k, { verbs, paths: [path] });
  }
  return [...byVerbs.values()]
    .map((e) => rule(e.verbs, { nonResourceURLs: e.paths }))
    .sort((a, b) => cmp(a.nonResourceURLs[0]!, b.nonResourceURLs[0]!));
}
