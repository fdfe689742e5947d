/**
 * Ingress that policies open wider than a workload needs (ZT-NET-004, ZT-NET-005), for
 * workloads that are not edge-facing, from the engine's exact verdicts:
 *
 * - from the internet: more than half of the public IPv4 address space (every address
 *   outside the private, shared, loopback, link-local, multicast and reserved ranges)
 *   can open a connection to the workload — computed over the engine's source atoms;
 * - from any namespace: a pod without labels in a namespace the input does not have
 *   (so, any namespace, including ones created later) can open a connection.
 *
 * Only traffic an explicit rule allows counts (a NetworkPolicy rule, an
 * AdminNetworkPolicy or BaselineAdminNetworkPolicy Allow); a workload that no policy
 * isolates is ZT-NET-003's finding. Findings are grouped by the allowing rule.
 */
import type { CheckContext } from '../../engine/types.js';
import type { JsonPath, Resource } from '../../model/types.js';
import type { AdminRule } from '../../netpol/admin-policy.js';
import { adminPeerMatches, npPeerMatches } from '../../netpol/evaluate.js';
import { type IntervalSet, intersect, size, subtract } from '../../netpol/intervals.js';
import { ALL_IPV4, parseCidr } from '../../netpol/ip.js';
import { isSelectable } from '../../netpol/model.js';
import { CONN_SET_ALGEBRA, type ConnSet, formatConn } from '../../netpol/ports.js';
import type { WorkloadPeer } from '../../netpol/workloads.js';
import {
  allowingRules,
  classGraphOf,
  edgeFacingOf,
  evaluateAt,
  listNames,
  netpolModelOf,
  policyLabel,
  ruleName,
  UNKNOWN_POD,
} from './support.js';

const NOT_PUBLIC = [
  '0.0.0.0/8',
  '10.0.0.0/8',
  '100.64.0.0/10',
  '127.0.0.0/8',
  '169.254.0.0/16',
  '172.16.0.0/12',
  '192.0.0.0/24',
  '192.168.0.0/16',
  '198.18.0.0/15',
  '224.0.0.0/3',
];
export const PUBLIC_IPV4: IntervalSet = NOT_PUBLIC.reduce<IntervalSet>((acc, c) => {
  const p = parseCidr(c);
  return p.ok && p.family === 4 ? subtract(acc, p.set) : acc;
}, ALL_IPV4);
const PUBLIC_SIZE = size(PUBLIC_IPV4);

export interface OpenIngress {
  resource: Resource;
  path: JsonPath;
  /** Stable key: policy + rule. */
  key: string;
  message: string;
}

interface Group {
  resource: Resource;
  path: JsonPath;
  rule: string;
  workloads: Array<{ w: WorkloadPeer; conn: ConnSet }>;
  share?: number;
}

function finish(groups: Map<string, Group>, what: (g: Group) => string): OpenIngress[] {
  return [...groups.entries()].map(([key, g]) => {
    const names = g.workloads.map((x) => `${x.w.display} (${formatConn(x.conn)})`);
    return {
      resource: g.resource,
      path: g.path,
      key,
      message: `${g.rule} lets ${what(g)} connect to ${listNames(names)}, ${g.workloads.length === 1 ? 'which is' : 'which are'} not behind an Ingress, Route, Gateway route, LoadBalancer or NodePort Service`,
    };
  });
}

export function openIngressOf(ctx: CheckContext): { internet: OpenIngress[]; anyNamespace: OpenIngress[] } {
  return ctx.memo('netpol:open-ingress', () => {
    const model = netpolModelOf(ctx);
    const graph = classGraphOf(ctx);
    const edge = edgeFacingOf(ctx);
    const internet = new Map<string, Group>();
    const anyNs = new Map<string, Group>();
    const add = (
      groups: Map<string, Group>,
      m: ReturnType<typeof allowingRules>[number],
      w: WorkloadPeer,
      conn: ConnSet,
      share?: number,
    ) => {
      const key = `${m.policy.resource.id}:${m.direction}:${m.ruleIndex}`;
      let g = groups.get(key);
      if (!g) {
        g = {
          resource: m.policy.resource,
          path: ['spec', 'ingress', m.ruleIndex],
          rule: `${policyLabel(m.policy)} ${ruleName(m)}`,
          workloads: [],
          ...(share !== undefined ? { share } : {}),
        };
        groups.set(key, g);
      }
      if (share !== undefined && (g.share === undefined || share < g.share)) g.share = share;
      g.workloads.push({ w, conn });
    };
    const atoms = model.sourceAtoms;
    // Public addresses in each source atom, computed when an atom is first allowed somewhere.
    const publicIn = new Float64Array(atoms.length).fill(-1);
    const publicSize = (k: number): number => {
      if (publicIn[k]! < 0) publicIn[k] = size(intersect([atoms[k]!.first, atoms[k]!.last], PUBLIC_IPV4));
      return publicIn[k]!;
    };
    // Whether an ingress rule can match a pod nobody wrote a selector for (per rule: rules are shared).
    const admitsUnknown = new Map<object, boolean>();
    const ruleAdmitsUnknown = (rule: object, test: () => boolean): boolean => {
      let v = admitsUnknown.get(rule);
      if (v === undefined) {
        v = test();
        admitsUnknown.set(rule, v);
      }
      return v;
    };
    const bySignature = new Map<number, ReturnType<typeof evaluateAt> | null>();
    const { memberStart, memberList } = graph;
    graph.classes.forEach((rep, c) => {
      if (!isSelectable(rep, model.profile)) return;
      // Nothing to report where no policy applies (ZT-NET-003's finding).
      const sig = graph.signature('ingress', c);
      if (sig < 0) return;
      const members: WorkloadPeer[] = [];
      for (let i = memberStart[c]!; i < memberStart[c + 1]!; i++) {
        const w = model.workloads[memberList[i]!]!;
        if (!edge.has(w.index)) members.push(w);
      }
      if (members.length === 0) return;
      // From the internet: the share of public addresses allowed, over the engine's atoms.
      let allowed = 0;
      let widest = -1;
      let widestSize = 0;
      for (let k = 0; k < atoms.length; k++) {
        if (graph.fromSourceAtom(k, c) === 0) continue;
        const pub = publicSize(k);
        allowed += pub;
        if (pub > widestSize) {
          widestSize = pub;
          widest = k;
        }
      }
      const flagged = new Set<string>();
      if (allowed * 2 > PUBLIC_SIZE && widest >= 0) {
        const d = evaluateAt(ctx, 'ingress', rep, atoms[widest]!);
        for (const m of allowingRules(d)) {
          const conn = CONN_SET_ALGEBRA.intersect(m.effect, d.allowed);
          if (conn === CONN_SET_ALGEBRA.empty) continue;
          flagged.add(`${m.policy.resource.id}:${m.ruleIndex}`);
          for (const w of members) add(internet, m, w, conn, allowed / PUBLIC_SIZE);
        }
      }
      // From any namespace: a pod nobody wrote a selector for. Classes with one signature
      // are decided by the same policies; when no rule of them can match such a pod,
      // no rule allows it (the evaluation would list no match), so it is not evaluated.
      let d = bySignature.get(sig);
      if (d === undefined) {
        const p = graph.policiesOf('ingress', c);
        const adminMatch = (r: AdminRule) =>
          ruleAdmitsUnknown(r, () => r.peers.some((peer) => adminPeerMatches(model, peer, UNKNOWN_POD)));
        const possible =
          p.admin.some((a) => a.ingress.some(adminMatch)) ||
          p.networkPolicies.some((np) =>
            np.ingress.some((r) =>
              ruleAdmitsUnknown(
                r,
                () => r.peers === null || r.peers.some((peer) => npPeerMatches(model, peer, UNKNOWN_POD)),
              ),
            ),
          ) ||
          p.baseline.some((b) => b.ingress.some(adminMatch));
        d = possible ? evaluateAt(ctx, 'ingress', rep, UNKNOWN_POD) : null;
        bySignature.set(sig, d);
      }
      if (!d) return;
      for (const m of allowingRules(d)) {
        if (flagged.has(`${m.policy.resource.id}:${m.ruleIndex}`)) continue;
        const conn = CONN_SET_ALGEBRA.intersect(m.effect, d.allowed);
        if (conn === CONN_SET_ALGEBRA.empty) continue;
        for (const w of members) add(anyNs, m, w, conn);
      }
    });
    return {
      internet: finish(internet, (g) =>
        g.share !== undefined && g.share < 1
          ? `${Math.floor(g.share * 100)}% of the public IPv4 addresses`
          : 'every public IPv4 address',
      ),
      anyNamespace: finish(anyNs, () => 'a pod of any namespace, including namespaces created later,'),
    };
  });
}
