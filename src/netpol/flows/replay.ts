/**
 * Replaying observed traffic against policies (`kzt netpol replay`): for each observed
 * connection, whether the policies of the manifests (current or proposed) allow it, and
 * the engine's explanation of the deciding policy and rule in each direction.
 *
 * Workloads seen only in the flows are evaluated with the labels the flows report (the
 * engine evaluates any pod, in the manifests or not); address ranges are split at the
 * policies' ipBlock boundaries and every piece must be allowed. Traffic from a pod's own
 * node is always allowed (Kubernetes cannot block it).
 */
import { type DirectionVerdict, explainPair } from '../explain.js';
import type { NetpolModel } from '../model.js';
import { externalPieces } from '../peer-ref.js';
import type { Peer } from '../workloads.js';
import type { ObservedConnection, Resolution, ResolvedEndpoint } from './resolve.js';

export interface ReplayResult {
  readonly connection: ObservedConnection;
  readonly allowed: boolean;
  readonly egress: DirectionVerdict;
  readonly ingress: DirectionVerdict;
  /** Set when the connection's address range is cut by ipBlocks: the piece the verdicts are about. */
  readonly piece?: string;
}

const LOCAL_NODE: DirectionVerdict = {
  allowed: true,
  reason: "allowed: traffic from the pod's own node is never subject to NetworkPolicy (kubelet probes)",
};

function peers(model: NetpolModel, e: ResolvedEndpoint, role: 'src' | 'dst'): Peer[] {
  if (e.kind === 'workload') return [e.peer];
  return externalPieces(role === 'src' ? model.sourceAtoms : model.destinationAtoms, [
    e.peer.first,
    e.peer.last,
  ]);
}

/**
 * Egress is decided by the NetworkPolicies of the source's namespace and ingress by
 * those of the destination's: a model narrowed to those namespaces explains a pair
 * exactly as the whole model does, at the cost of two namespaces.
 */
export function namespaceNarrowing(model: NetpolModel): (a: Peer, b: Peer) => NetpolModel {
  const byNs = new Map<string, NetpolModel['networkPolicies'][number][]>();
  for (const np of model.networkPolicies) {
    const list = byNs.get(np.namespace);
    if (list) list.push(np);
    else byNs.set(np.namespace, [np]);
  }
  const narrowed = new Map<string, NetpolModel>();
  return (a, b) => {
    const ns = [...new Set([a, b].flatMap((p) => (p.type === 'workload' ? [p.namespace] : [])))].sort();
    const key = ns.join('|');
    let m = narrowed.get(key);
    if (!m) {
      m = { ...model, networkPolicies: ns.flatMap((n) => byNs.get(n) ?? []) };
      narrowed.set(key, m);
    }
    return m;
  };
}

export function replayFlows(model: NetpolModel, resolution: Resolution): ReplayResult[] {
  const out: ReplayResult[] = [];
  const modelFor = namespaceNarrowing(model);
  for (const c of resolution.connections) {
    if (c.src.kind === 'ip' && c.src.reserved === 'host') {
      out.push({ connection: c, allowed: true, egress: LOCAL_NODE, ingress: LOCAL_NODE });
      continue;
    }
    const srcs = peers(model, c.src, 'src');
    const dsts = peers(model, c.dst, 'dst');
    const split = srcs.length > 1 || dsts.length > 1;
    let result: ReplayResult | undefined;
    for (const s of srcs) {
      for (const d of dsts) {
        const v = explainPair(modelFor(s, d), s, d, { protocol: c.protocol, port: c.port }).port!;
        const r: ReplayResult = {
          connection: c,
          allowed: v.allowed,
          egress: v.egress,
          ingress: v.ingress,
          ...(split ? { piece: `${s.display} -> ${d.display}` } : {}),
        };
        if (!v.allowed) {
          result = r;
          break;
        }
        result ??= r;
      }
      if (result && !result.allowed) break;
    }
    if (result) out.push(split && result.allowed ? { ...result, piece: undefined } : result);
  }
  return out;
}
