/**
 * kzt NetworkPolicy analysis: exact connectivity under NetworkPolicy,
 * AdminNetworkPolicy and BaselineAdminNetworkPolicy. No I/O; build on this API.
 *
 * ## Model
 *
 *   const model = buildNetpolModel(inventory, { profile: 'k8s' | 'np-guard' | Profile });
 *
 * - `model.workloads: WorkloadPeer[]` — one node per controller (Deployment, StatefulSet,
 *   ..., or a bare Pod), named `ns/name[Kind]` after its owner (profile.ts decides
 *   which owner, and what happens when pods of one owner differ). Each carries its
 *   namespace, labels, container ports (for named ports), hostNetwork, known pod IPs and
 *   the pod objects/templates it stands for (`pods[].resource` for file:line).
 * - `model.networkPolicies`, `model.adminPolicies` (evaluation order),
 *   `model.baselinePolicies`: compiled policies, each with its `resource`.
 * - `model.sourceAtoms`, `model.destinationAtoms: ExternalPeer[]` — the IPv4 space cut at
 *   every ipBlock / networks boundary; within an atom every policy decides alike.
 * - `model.exposure: Map<workloadIndex, ConnSet>` — TCP ports Ingress/Route expose.
 * - `model.warnings: NetpolWarning[]` — structured problems ({severity, code, message,
 *   object, location}); bad input never throws.
 *
 * ## All pairs (equivalence classes)
 *
 *   const conn = computeConnectivity(model);
 *   conn.between(src: Peer, dst: Peer): ConnSet      // O(1)
 *   conn.forEach((src, dst, connId) => ...)           // every allowed pair, sorted
 *   conn.connections(): Connection[]                  // {src, dst, conn, connId}
 *   conn.table.get(connId): ConnSet
 *   conn.classOf(workload): number            // its equivalence class (same class = same verdicts)
 *
 * `Peer = WorkloadPeer | ExternalPeer | IngressControllerPeer`; every peer has a
 * `display` name in the reference notation. A `ConnSet` is `{TCP, UDP, SCTP}` port
 * interval sets; `formatConn` prints "All Connections", "TCP 80,UDP 53", ...
 *
 * ## One pair, with reasons (explain)
 *
 *   evaluatePair(model, src, dst): PairResult   // per direction: tiers, matching rules, effects
 *   explainPair(model, src, dst, { protocol, port }?): Explanation
 *   formatExplanation(explanation): string;  explanationToJson(explanation)
 *   resolvePeerRef(model, 'ns/name' | 'ns/name[Kind]' | '10.0.0.1' | 'ingress-controller')
 *
 * ## Diff
 *
 *   diffConnectivity(a: Connectivity, b: Connectivity): ConnectivityDiff
 *   formatDiff(diff, 'txt' | 'json' | 'csv' | 'md')
 *
 * ## Output
 *
 *   connlistRows(conn) -> rows; formatConnlist(rows, 'txt'|'json'|'csv'|'md'|'dot', model.workloads)
 *   streamConnlist(conn, format, write)      // the same bytes, in chunks, for large clusters
 *   formatExplainReport(model)               // every pair with its reasons (np-guard --explain)
 *
 * Lower-level pieces (interval sets, IPv4, port specs, tier combination) live in their
 * own files and may be imported directly.
 */
export type { AdminAction, AdminPeer, AdminRule, CompiledAdminPolicy } from './admin-policy.js';
export { type Connection, type Connectivity, computeConnectivity } from './connectivity.js';
export { type ConnectivityDiff, type DiffEntry, type DiffType, diffConnectivity } from './diff.js';
export {
  type DirectionResult,
  evaluatePair,
  type PairResult,
  type RuleMatch,
} from './evaluate.js';
export {
  describeRule,
  type Explanation,
  explainPair,
  explanationToJson,
  formatExplanation,
  type PortQuery,
  type PortVerdict,
} from './explain.js';
export { formatExplainPorts, formatExplainReport } from './explain-report.js';
export {
  CONNLIST_FORMATS,
  type ConnlistFormat,
  type ConnRow,
  connlistRows,
  formatConnlist,
  streamConnlist,
} from './format-connlist.js';
export { DIFF_FORMATS, type DiffFormat, formatDiff } from './format-diff.js';
export type { Exposure, ExposureSource } from './ingress-exposure.js';
export { buildNetpolModel, type ModelOptions, type NetpolModel } from './model.js';
export type { CompiledNetworkPolicy, Direction, NpPeer, NpRule } from './network-policy.js';
export { externalPieces, resolvePeerRef } from './peer-ref.js';
export {
  ALL_CONNS,
  type ConnSet,
  ConnTable,
  formatConn,
  NO_CONNS,
  PROTOCOLS,
  type Protocol,
} from './ports.js';
export {
  K8S_PROFILE,
  NP_GUARD_PROFILE,
  PROFILE_NAMES,
  type Profile,
  type ProfileName,
  profileByName,
} from './profile.js';
export { formatWarning, type NetpolWarning, type NetpolWarningCode } from './warnings.js';
export {
  type ContainerPort,
  type ExternalPeer,
  INGRESS_CONTROLLER,
  type IngressControllerPeer,
  type Peer,
  type PodVariant,
  type WorkloadPeer,
} from './workloads.js';

import type { Inventory } from '../model/inventory.js';
import { type Connectivity, computeConnectivity } from './connectivity.js';
import { buildNetpolModel, type ModelOptions, type NetpolModel } from './model.js';

/** Model and all-pairs connectivity in one call. */
export function analyzeConnectivity(
  inventory: Inventory,
  options: ModelOptions = {},
): { model: NetpolModel; connectivity: Connectivity } {
  const model = buildNetpolModel(inventory, options);
  return { model, connectivity: computeConnectivity(model) };
}
