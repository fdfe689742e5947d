/**
 * `who-can`: every subject a request is allowed for, with the grant chain of each.
 *
 * The RESOURCE argument is read as `kubectl auth can-i` reads it (cani.go Complete and
 * resourceFor): a leading `/` makes a non-resource URL; otherwise `TYPE[/NAME]` where
 * TYPE is lower-cased and resolved through the RESTMapper (plural, singular or short
 * name; `deployments.apps` and `deployments.v1.apps` name the group), and the part
 * after the first `/` is the object NAME, not a subresource — subresources are given
 * with --subresource, as in kubectl. Because `pods/exec` is so often meant as the
 * subresource, kzt warns when NAME is one of the resource's subresources.
 *
 * Where kzt knows better than kubectl offline:
 * - an unknown TYPE keeps the group written after the first dot (kubectl would send
 *   the whole string as the resource with the core group);
 * - a cluster-scoped resource is asked cluster-wide even with -n (its requests never
 *   carry a namespace, so no RoleBinding can grant it), except `namespaces` with a
 *   name, whose request namespace is the name itself.
 * Without -n the question is about cluster-wide access (requests across all
 * namespaces, or of cluster-scoped resources), which only ClusterRoleBindings grant.
 */

import type { ApiResources } from './api-resources.js';
import { type GrantMatch, type RbacIndex, type Via, via } from './index.js';
import { cmp } from './order.js';
import type { RequestAttributes } from './request.js';
import { GROUP, implicitGroupDescription, type SubjectKind } from './subjects.js';

export interface WhoCanArgs {
  verb: string;
  target: string;
  namespace?: string;
  name?: string;
  apiGroup?: string;
  subresource?: string;
}

export type WhoCanQuery =
  | {
      verb: string;
      apiGroup: string;
      resource: string;
      subresource: string;
      /** '' = cluster-wide. */
      namespace: string;
      name: string;
    }
  | { verb: string; nonResourceURL: string };

export type ParsedQuery =
  | { ok: true; request: RequestAttributes; query: WhoCanQuery; warnings: string[] }
  | { ok: false; error: string };

const RESOURCE_VERBS = new Set([
  'get',
  'list',
  'watch',
  'create',
  'update',
  'patch',
  'delete',
  'deletecollection',
  'use',
  'bind',
  'impersonate',
  '*',
  'approve',
  'sign',
  'escalate',
  'attest',
]);
const NON_RESOURCE_VERBS = new Set(['get', 'put', 'post', 'head', 'options', 'delete', 'patch', '*']);
const VERSION = /^v\d+((alpha|beta)\d+)?$/;

export function parseWhoCanQuery(args: WhoCanArgs, api: ApiResources): ParsedQuery {
  const warnings: string[] = [];
  const { verb, target } = args;
  if (verb === '') return { ok: false, error: 'VERB must not be empty' };
  if (target.startsWith('/')) {
    if (args.subresource) return { ok: false, error: '--subresource cannot be used with a non-resource URL' };
    if (args.name) return { ok: false, error: '--name cannot be used with a non-resource URL' };
    if (args.apiGroup) return { ok: false, error: '--api-group cannot be used with a non-resource URL' };
    if (args.namespace)
      warnings.push('-n is ignored for a non-resource URL: only ClusterRoleBindings grant nonResourceURLs');
    if (target.includes('?'))
      warnings.push(`${target}: the authorizer sees the path without the query string`);
    if (!NON_RESOURCE_VERBS.has(verb))
      warnings.push(`verb '${verb}' is not a known verb for a non-resource URL`);
    return {
      ok: true,
      request: { kind: 'nonResource', verb, path: target },
      query: { verb, nonResourceURL: target },
      warnings,
    };
  }
  const slash = target.indexOf('/');
  const typeArg = slash === -1 ? target : target.slice(0, slash);
  const nameArg = slash === -1 ? '' : target.slice(slash + 1);
  if (args.name && nameArg && args.name !== nameArg)
    return { ok: false, error: `${target} names the object ${nameArg} but --name says ${args.name}` };
  const name = args.name ?? nameArg;
  let group = args.apiGroup;
  let resource: string;
  let namespaced: boolean | undefined;
  let subresources: readonly string[] = [];
  if (typeArg === '*') {
    resource = '*';
    group ??= '';
  } else {
    const lower = typeArg.toLowerCase();
    let found = undefined as ReturnType<ApiResources['lookup']>;
    let parsedGroup: string | undefined;
    const dots = lower.split('.');
    if (dots.length >= 3 && VERSION.test(dots[1]!) && group === undefined)
      found = api.lookup(dots[0]!, dots.slice(2).join('.'));
    const dot = lower.indexOf('.');
    const base = dot === -1 ? lower : lower.slice(0, dot);
    if (dot !== -1) parsedGroup = lower.slice(dot + 1);
    if (group !== undefined && parsedGroup !== undefined && parsedGroup !== group)
      return { ok: false, error: `${typeArg} names the group ${parsedGroup} but --api-group says ${group}` };
    found ??= api.lookup(base, group ?? parsedGroup);
    if (found) {
      resource = found.resource;
      group = found.group;
      namespaced = found.namespaced;
      subresources = found.subresources;
    } else {
      resource = base;
      group ??= parsedGroup ?? '';
      if (!['users', 'groups'].includes(resource))
        warnings.push(
          group === ''
            ? `resource type '${resource}' is neither built in nor defined by a CRD of the input; asked as written`
            : `resource type '${resource}' in group '${group}' is neither built in nor defined by a CRD of the input; asked as written`,
        );
    }
  }
  const subresource = args.subresource ?? '';
  if (subresource && subresources.length > 0 && !subresources.includes(subresource))
    warnings.push(`${resource} has no subresource '${subresource}' that kzt knows of`);
  if (!args.subresource && nameArg && subresources.includes(nameArg))
    warnings.push(
      `${target} asks about the ${resource.replace(/s$/, '')} named '${nameArg}' (kubectl auth can-i syntax); for the ${nameArg} subresource write: ${resource} --subresource ${nameArg}`,
    );
  if (!RESOURCE_VERBS.has(verb)) warnings.push(`verb '${verb}' is not a known verb`);
  let namespace = args.namespace ?? '';
  if (namespaced === false) {
    if (resource === 'namespaces' && group === '' && name !== '') {
      if (args.namespace && args.namespace !== name)
        warnings.push(
          `a request on namespace ${name} carries namespace ${name}; -n ${args.namespace} is ignored`,
        );
      namespace = name;
    } else if (args.namespace) {
      warnings.push(`${resource} is cluster-scoped: its requests carry no namespace, so -n is ignored`);
      namespace = '';
    }
  }
  const request: RequestAttributes = {
    kind: 'resource',
    verb,
    apiGroup: group,
    resource,
    subresource,
    namespace,
    name,
  };
  return {
    ok: true,
    request,
    query: { verb, apiGroup: group, resource, subresource, namespace, name },
    warnings,
  };
}

/** Provenance of one grant, with where the binding is written (absent for builtin ones). */
export interface WhoCanVia extends Via {
  location?: { file: string; line?: number };
  /** The binding or role is one of kzt's builtin bootstrap objects. */
  builtin?: true;
  /** For a rule of an aggregated ClusterRole: the ClusterRole and rule it came from. */
  aggregatedFrom?: { role: string; rule: number };
}

export interface WhoCanSubject {
  kind: SubjectKind;
  name: string;
  /** ServiceAccounts only (as in a Kubernetes Subject). */
  namespace?: string;
  via: WhoCanVia[];
  /** For implicit groups: who the members are. */
  members?: string;
  /** system:masters: allowed whatever RBAC says. */
  bypassesRbac?: true;
}

export interface WhoCanResult {
  query: WhoCanQuery;
  subjects: WhoCanSubject[];
}

const KIND_ORDER: Record<SubjectKind, number> = { Group: 0, User: 1, ServiceAccount: 2 };

export function viaOf(g: GrantMatch): WhoCanVia {
  const v: WhoCanVia = via(g);
  const res = g.binding.resource;
  if (res) {
    const loc = res.locate([]);
    v.location = { file: loc.file, ...(loc.line !== undefined ? { line: loc.line } : {}) };
  }
  if (g.binding.builtin || g.role.builtin) v.builtin = true;
  const origin = g.role.origins?.[g.ruleIndex];
  if (origin) v.aggregatedFrom = origin;
  return v;
}

/** Groups grant matches by subject, system:masters first (it bypasses RBAC), then groups, users, service accounts. */
export function groupBySubject(matches: readonly GrantMatch[], includeMasters: boolean): WhoCanSubject[] {
  const bySubject = new Map<string, WhoCanSubject>();
  const get = (kind: SubjectKind, name: string, namespace?: string): WhoCanSubject => {
    const key = `${kind}\0${namespace ?? ''}\0${name}`;
    let s = bySubject.get(key);
    if (!s) {
      s = { kind, name, ...(namespace !== undefined ? { namespace } : {}), via: [] };
      if (kind === 'Group' && name !== GROUP.masters) {
        const members = implicitGroupDescription(name);
        if (members) s.members = members;
      }
      bySubject.set(key, s);
    }
    return s;
  };
  if (includeMasters) get('Group', GROUP.masters).bypassesRbac = true;
  for (const m of matches) get(m.subject.kind, m.subject.name, m.subject.namespace).via.push(viaOf(m));
  const out = [...bySubject.values()];
  const rank = (s: WhoCanSubject) => (s.bypassesRbac ? -1 : KIND_ORDER[s.kind]);
  out.sort(
    (a, b) =>
      rank(a) - rank(b) ||
      cmp(a.namespace ?? '', b.namespace ?? '') ||
      (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
  );
  return out;
}

export function whoCan(index: RbacIndex, request: RequestAttributes, query: WhoCanQuery): WhoCanResult {
  return { query, subjects: groupBySubject(index.whoCan(request), true) };
}
