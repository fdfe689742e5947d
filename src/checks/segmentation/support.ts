/**
 * What the segmentation checks (ZT-NET-…) share, computed once per scan through
 * ctx.memo: the NetworkPolicy model (k8s profile), the class graph with the engine's
 * exact verdicts (src/netpol/blast-radius-graph.ts), the blast radius, which workloads
 * are edge-facing, and probes for "a pod nobody wrote a selector for".
 *
 * Checks ask the engine, never re-derive semantics: a single direction at one workload
 * is evaluated with `evaluateDirection` on a model narrowed to the workload's namespace
 * (the only NetworkPolicies that can select it), which gives the same answer as the
 * whole model and costs one namespace, not the cluster.
 */
import type { CheckContext } from '../../engine/types.js';
import type { Labels, Selector } from '../../model/selectors.js';
import { asArray, asRecord, asString, type JsonPath, type Resource, stringMap } from '../../model/types.js';
import type { AdminRule, CompiledAdminPolicy } from '../../netpol/admin-policy.js';
import { type BlastRadius, computeBlastRadius } from '../../netpol/blast-radius.js';
import { buildClassGraph, type ClassGraph } from '../../netpol/blast-radius-graph.js';
import { type DirectionResult, evaluateDirection, type RuleMatch } from '../../netpol/evaluate.js';
import { isEmpty, union } from '../../netpol/intervals.js';
import { ALL_IPV4 } from '../../netpol/ip.js';
import { buildNetpolModel, isSelectable, type NetpolModel } from '../../netpol/model.js';
import type { CompiledNetworkPolicy, Direction, NpRule } from '../../netpol/network-policy.js';
import { type PortList, resolvePorts } from '../../netpol/port-spec.js';
import { type ConnSet, connIsAll, formatConn } from '../../netpol/ports.js';
import type { PodSelection } from '../../netpol/selection.js';
import { indexOf, selectWorkloads } from '../../netpol/workload-index.js';
import type { Peer, WorkloadPeer } from '../../netpol/workloads.js';

/** The model every segmentation check reads (one per scan). */
export function netpolModelOf(ctx: CheckContext): NetpolModel {
  return ctx.memo('netpol:model:k8s', () => buildNetpolModel(ctx.inventory, { profile: 'k8s' }));
}

export function classGraphOf(ctx: CheckContext): ClassGraph {
  return ctx.memo('netpol:class-graph:k8s', () => buildClassGraph(netpolModelOf(ctx)));
}

export function blastRadiusOf(ctx: CheckContext): BlastRadius {
  return ctx.memo('netpol:blast-radius:k8s', () => computeBlastRadius(netpolModelOf(ctx), classGraphOf(ctx)));
}

/** The resource a workload finding is reported on. */
export function workloadResource(w: WorkloadPeer): Resource {
  return w.pods[0]!.resource;
}

/** NetworkPolicies by namespace, and a model narrowed to one namespace's policies. */
export function namespaceModel(ctx: CheckContext, namespace: string): NetpolModel {
  const byNs = ctx.memo('netpol:models-by-namespace', () => {
    const model = netpolModelOf(ctx);
    const groups = new Map<string, CompiledNetworkPolicy[]>();
    for (const np of model.networkPolicies) {
      const list = groups.get(np.namespace);
      if (list) list.push(np);
      else groups.set(np.namespace, [np]);
    }
    const models = new Map<string, NetpolModel>();
    return (ns: string): NetpolModel => {
      let m = models.get(ns);
      if (!m) {
        m = { ...model, networkPolicies: groups.get(ns) ?? [] };
        models.set(ns, m);
      }
      return m;
    };
  });
  return byNs(namespace);
}

/** Workloads of the model by namespace, in model order. */
export function workloadsByNamespace(ctx: CheckContext): ReadonlyMap<string, readonly WorkloadPeer[]> {
  return indexOf(netpolModelOf(ctx)).byNamespace;
}

/**
 * For every workload and direction, the policies that restrict it: the NetworkPolicies
 * that select it and isolate the direction, and the admin policies (ANPs, then BANPs)
 * that select it and have rules for the direction, as indices (ascending) into
 * `model.networkPolicies` and `[...model.adminPolicies, ...model.baselinePolicies]`.
 * Computed once per scan from each policy's subjects (workload-index.ts), not per
 * workload by testing every policy. Host-network pods (k8s) have none: policies do not
 * select them.
 */
export interface Coverage {
  readonly networkPolicies: Readonly<Record<Direction, ReadonlyArray<readonly number[] | undefined>>>;
  readonly admin: Readonly<Record<Direction, ReadonlyArray<readonly number[] | undefined>>>;
  /** `[...model.adminPolicies, ...model.baselinePolicies]` */
  readonly adminPolicies: readonly CompiledAdminPolicy[];
}

export function coverageOf(ctx: CheckContext): Coverage {
  return ctx.memo('netpol:coverage', () => {
    const model = netpolModelOf(ctx);
    const index = indexOf(model);
    const n = model.workloads.length;
    const lists = () => ({
      ingress: new Array<number[] | undefined>(n),
      egress: new Array<number[] | undefined>(n),
    });
    const networkPolicies = lists();
    const admin = lists();
    const add = (to: Array<number[] | undefined>, w: number, i: number) => {
      const l = to[w];
      if (l) l.push(i);
      else to[w] = [i];
    };
    model.networkPolicies.forEach((np, i) => {
      if (!np.isolatesIngress && !np.isolatesEgress) return;
      for (const w of index.podsIn(np.namespace, np.podSelector)) {
        if (!isSelectable(w, model.profile)) continue;
        if (np.isolatesIngress) add(networkPolicies.ingress, w.index, i);
        if (np.isolatesEgress) add(networkPolicies.egress, w.index, i);
      }
    });
    const adminPolicies = [...model.adminPolicies, ...model.baselinePolicies];
    adminPolicies.forEach((p, i) => {
      if (p.ingress.length === 0 && p.egress.length === 0) return;
      for (const w of selectWorkloads(index, p.subject)) {
        if (!isSelectable(w, model.profile)) continue;
        if (p.ingress.length > 0) add(admin.ingress, w.index, i);
        if (p.egress.length > 0) add(admin.egress, w.index, i);
      }
    });
    return { networkPolicies, admin, adminPolicies };
  });
}

/** One direction at workload `w`, with traffic from/to `other` (exactly as the engine decides it). */
export function evaluateAt(
  ctx: CheckContext,
  direction: Direction,
  w: WorkloadPeer,
  other: Peer,
): DirectionResult {
  const model = namespaceModel(ctx, w.namespace);
  return direction === 'ingress'
    ? evaluateDirection(model, 'ingress', w, other, w)
    : evaluateDirection(model, 'egress', w, other, other);
}

/** A pod no selector was written for: in a namespace the input does not have, without labels. */
export const UNKNOWN_POD: WorkloadPeer = Object.freeze({
  type: 'workload',
  index: -1,
  namespace: 'kzt-any-namespace',
  name: 'any-pod',
  kind: 'Pod',
  labels: {},
  ports: [],
  hostNetwork: false,
  ips: [],
  replicated: false,
  pods: [],
  display: 'a pod of any namespace',
}) as WorkloadPeer;

/** The rules that decided (allowed) some of the traffic in a direction: explicit allows, not the default. */
export function allowingRules(d: DirectionResult): RuleMatch[] {
  const out: RuleMatch[] = [];
  for (const m of d.admin.matches) if (m.action === 'Allow' && !connIsEmptySet(m.effect)) out.push(m);
  if (!connIsEmptySet(d.allowedByNetworkPolicy)) for (const m of d.networkPolicy.matches) out.push(m);
  for (const m of d.baseline.matches) if (m.action === 'Allow' && !connIsEmptySet(m.effect)) out.push(m);
  return out;
}

function connIsEmptySet(c: ConnSet): boolean {
  return isEmpty(c.TCP) && isEmpty(c.UDP) && isEmpty(c.SCTP);
}

/** "ingress rule #2" / "egress rule #1 "deny-all"" */
export function ruleName(m: {
  direction: Direction;
  ruleIndex: number;
  ruleName?: string | undefined;
}): string {
  return `${m.direction} rule #${m.ruleIndex + 1}${m.ruleName && !m.ruleName.startsWith('#') ? ` "${m.ruleName}"` : ''}`;
}

/** "NetworkPolicy shop/web", "AdminNetworkPolicy deny-all" */
export function policyLabel(p: CompiledNetworkPolicy | CompiledAdminPolicy): string {
  return p.kind === 'NetworkPolicy' ? `NetworkPolicy ${p.namespace}/${p.name}` : `${p.kind} ${p.name}`;
}

/** "a, b, c and 4 more" */
export function listNames(names: readonly string[], max = 3): string {
  if (names.length <= max) return names.join(', ');
  return `${names.slice(0, max).join(', ')} and ${names.length - max} more`;
}

export const connText = formatConn;

// --- edge-facing workloads -------------------------------------------------------------

const GATEWAY_ROUTES = ['HTTPRoute', 'GRPCRoute', 'TLSRoute', 'TCPRoute', 'UDPRoute'];

/**
 * Workloads reachable from outside the cluster by design, with why: behind an Ingress
 * or Route (the engine's exposure), a Gateway API route, or a Service of type
 * LoadBalancer or NodePort or with externalIPs.
 */
export function edgeFacingOf(ctx: CheckContext): ReadonlyMap<number, string> {
  return ctx.memo('netpol:edge-facing', () => {
    const model = netpolModelOf(ctx);
    const inv = ctx.inventory;
    const out = new Map<number, string>();
    for (const [index, conns] of model.exposure)
      if (!connIsEmptySet(conns)) out.set(index, 'behind an Ingress or Route');
    const index = indexOf(model);
    const exposeService = (svc: Resource, why: string) => {
      const selector = stringMap(asRecord(svc.object.spec)?.selector);
      if (Object.keys(selector).length === 0) return;
      for (const w of index.podsWithLabels(svc.ref.namespace ?? 'default', selector))
        if (!out.has(w.index)) out.set(w.index, why);
    };
    for (const svc of inv.ofKind('', 'Service')) {
      const spec = asRecord(svc.object.spec) ?? {};
      const type = asString(spec.type);
      if (type === 'LoadBalancer' || type === 'NodePort')
        exposeService(svc, `selected by ${type} Service ${svc.ref.name}`);
      else if (asArray(spec.externalIPs).length > 0)
        exposeService(svc, `selected by Service ${svc.ref.name} with externalIPs`);
    }
    for (const kind of GATEWAY_ROUTES)
      for (const route of inv.ofKind('gateway.networking.k8s.io', kind)) {
        const ns = route.ref.namespace ?? 'default';
        for (const rule of asArray(asRecord(route.object.spec)?.rules))
          for (const ref of asArray(asRecord(rule)?.backendRefs)) {
            const r = asRecord(ref);
            const name = asString(r?.name);
            if (!r || !name) continue;
            if ((r.kind ?? 'Service') !== 'Service' || (r.group ?? '') !== '') continue;
            const svc = inv.get('', 'Service', asString(r.namespace) ?? ns, name);
            if (svc) exposeService(svc, `behind ${kind} ${route.ref.name}`);
          }
      }
    return out;
  });
}

// --- rule shapes -----------------------------------------------------------------------

/** A selection that matches every pod of every namespace. */
export function selectsEveryPod(sel: PodSelection): boolean {
  return sel.namespaces.kind === 'selector' && sel.namespaces.selector.matchesAll && sel.pods.matchesAll;
}

export function portsAreAll(ports: PortList): boolean {
  return ports === null || connIsAll(resolvePorts(ports, null));
}

/** Whether a NetworkPolicy rule's peers admit every pod of every namespace and every address. */
export function npRuleAdmitsEveryone(r: NpRule): boolean {
  if (r.peers === null) return true;
  const pods = r.peers.some((p) => p.kind === 'pods' && selectsEveryPod(p.selection));
  let ips: readonly number[] = [];
  for (const p of r.peers) if (p.kind === 'ipBlock') ips = union(ips, p.set);
  return pods && ips.length === 2 && ips[0] === ALL_IPV4[0] && ips[1] === ALL_IPV4[1];
}

/** Whether an ANP/BANP rule's peers admit every pod (and, on egress, every address). */
export function adminRuleAdmitsEveryone(r: AdminRule): boolean {
  const pods = r.peers.some((p) => p.kind === 'pods' && selectsEveryPod(p.selection));
  if (r.direction === 'ingress') return pods;
  let ips: readonly number[] = [];
  for (const p of r.peers) if (p.kind === 'networks') ips = union(ips, p.set);
  return pods && ips.length === 2 && ips[0] === ALL_IPV4[0] && ips[1] === ALL_IPV4[1];
}

/** Namespaces that hold at least one workload a policy can select, sorted. */
export function namespacesWithWorkloads(model: NetpolModel): string[] {
  const set = new Set<string>();
  for (const w of model.workloads) if (isSelectable(w, model.profile)) set.add(w.namespace);
  return [...set].sort();
}

/** The resource a namespace finding is reported on: its Namespace object, else its first workload. */
export function namespaceTarget(
  ctx: CheckContext,
  namespace: string,
): { resource: Resource; path: JsonPath } | undefined {
  const ns = ctx.inventory.get('', 'Namespace', undefined, namespace);
  if (ns) return { resource: ns, path: ['metadata', 'name'] };
  const w = workloadsByNamespace(ctx).get(namespace)?.[0];
  return w ? { resource: workloadResource(w), path: ['metadata', 'namespace'] } : undefined;
}

/** Every NetworkPolicy, AdminNetworkPolicy and BaselineAdminNetworkPolicy (what rule-level checks evaluate). */
export function policyResources(ctx: CheckContext): Resource[] {
  return [
    ...ctx.inventory.ofKind('networking.k8s.io', 'NetworkPolicy'),
    ...ctx.inventory.ofKind('policy.networking.k8s.io', 'AdminNetworkPolicy'),
    ...ctx.inventory.ofKind('policy.networking.k8s.io', 'BaselineAdminNetworkPolicy'),
  ];
}

/** The resources of the workloads the model builds (what workload-level checks evaluate). */
export function workloadResources(ctx: CheckContext): Resource[] {
  const seen = new Set<Resource>();
  for (const w of netpolModelOf(ctx).workloads) seen.add(workloadResource(w));
  return [...seen];
}

/** A selector's labels, for messages: "{app=web}" */
export function labelsText(labels: Labels): string {
  const entries = Object.entries(labels);
  return entries.length === 0 ? '{}' : `{${entries.map(([k, v]) => `${k}=${v}`).join(',')}}`;
}

export type { Selector };
