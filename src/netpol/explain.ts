/**
 * Why a connection is allowed or denied, in words a person can act on: per direction
 * (egress at the source, ingress at the destination) and tier (AdminNetworkPolicy,
 * NetworkPolicy, BaselineAdminNetworkPolicy), which policies select the pod, which
 * rules (by index and name, with file:line) match the peer and what they decided, the
 * resulting connection set, and for a denied port what to change.
 */
import type { SourceLocation } from '../model/types.js';
import type { CompiledAdminPolicy } from './admin-policy.js';
import { type DirectionResult, evaluatePair, type PairResult, type RuleMatch } from './evaluate.js';
import type { NetpolModel } from './model.js';
import type { CompiledNetworkPolicy } from './network-policy.js';
import { ALL_CONNS, CONN_SET_ALGEBRA, type ConnSet, connHas, formatConn, type Protocol } from './ports.js';
import type { Peer } from './workloads.js';

export interface PortQuery {
  readonly protocol: Protocol;
  /** A number, or a container port name resolved on the destination. */
  readonly port: number | string;
}

export interface PortVerdict {
  readonly protocol: Protocol;
  readonly port: number | undefined;
  readonly allowed: boolean;
  readonly egress: DirectionVerdict;
  readonly ingress: DirectionVerdict;
  /** Set when the query named a port the destination does not declare. */
  readonly unresolved?: string;
}

export interface DirectionVerdict {
  readonly allowed: boolean;
  /** One sentence: who decided. */
  readonly reason: string;
  /** What to change, when denied. */
  readonly fix?: string;
}

export interface Explanation {
  readonly pair: PairResult;
  readonly profile: string;
  readonly port?: PortVerdict;
}

export function where(loc: SourceLocation | undefined): string {
  if (!loc) return '';
  return `${loc.file}${loc.line ? `:${loc.line}` : ''}`;
}

function policyName(p: CompiledNetworkPolicy | CompiledAdminPolicy): string {
  return p.kind === 'NetworkPolicy' ? `NetworkPolicy ${p.namespace}/${p.name}` : `${p.kind} ${p.name}`;
}

/** "NetworkPolicy ns/name ingress rule #2 (file:line)", "AdminNetworkPolicy x egress rule #1 \"deny-all\" (file:line)" */
export function describeRule(m: RuleMatch): string {
  const name = m.policy.kind === 'NetworkPolicy' ? '' : ` "${m.ruleName}"`;
  return `${policyName(m.policy)} ${m.direction} rule #${m.ruleIndex + 1}${name} (${where(m.location)})`;
}

const LABEL_NOISE = new Set(['pod-template-hash', 'controller-revision-hash', 'pod-template-generation']);

/** A peer as a NetworkPolicy peer would name it, for suggested fixes. */
function peerSnippet(peer: Peer, policyNamespace: string | undefined): string {
  if (peer.type === 'external')
    return peer.first === peer.last
      ? `{ipBlock: {cidr: ${formatIp(peer.first)}/32}}`
      : `{ipBlock: {cidr: <a CIDR covering ${peer.display.replace('[External]', '')}>}}`;
  if (peer.type === 'ingress-controller')
    return '{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: <the ingress controller namespace>}}}';
  const labels = Object.entries(peer.labels).filter(([k]) => !LABEL_NOISE.has(k));
  const pod = labels.length
    ? `podSelector: {matchLabels: {${labels.map(([k, v]) => `${k}: ${v}`).join(', ')}}}`
    : 'podSelector: {}';
  if (policyNamespace === peer.namespace) return `{${pod}}`;
  return `{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ${peer.namespace}}}, ${pod}}`;
}

function formatIp(n: number): string {
  return `${Math.floor(n / 16777216) % 256}.${Math.floor(n / 65536) % 256}.${Math.floor(n / 256) % 256}.${n % 256}`;
}

function portSnippet(protocol: Protocol, port: number | undefined): string {
  return port === undefined ? `{protocol: ${protocol}}` : `{protocol: ${protocol}, port: ${port}}`;
}

function verdictFor(
  d: DirectionResult,
  other: Peer,
  protocol: Protocol,
  port: number | undefined,
): DirectionVerdict {
  const has = (c: ConnSet) => (port === undefined ? c[protocol].length > 0 : connHas(c, protocol, port));
  const subject = d.subject?.display;
  if (!d.enforced) {
    return {
      allowed: true,
      reason: d.subject
        ? `allowed: no policy applies to ${subject}: it uses the host network, which policies do not govern (k8s profile)`
        : d.direction === 'egress'
          ? 'allowed: the source is outside the cluster, no policy restricts its egress'
          : 'allowed: the destination is outside the cluster, no policy restricts its ingress',
    };
  }
  const first = (matches: readonly RuleMatch[]) => matches.find((m) => has(m.effect));
  const anp = first(d.admin.matches);
  if (anp && anp.action === 'Allow') return { allowed: true, reason: `allowed by ${describeRule(anp)}` };
  if (anp && anp.action === 'Deny')
    return {
      allowed: false,
      reason: `denied by ${describeRule(anp)}`,
      fix: `AdminNetworkPolicies take precedence over NetworkPolicies: change that rule, or add an Allow (or Pass) rule for ${other.display} before it in ${anp.policy.name}, or in an AdminNetworkPolicy with a lower priority number`,
    };
  const passed = anp ? ` (passed on to the NetworkPolicy tier by ${describeRule(anp)})` : '';
  if (d.networkPolicy.isolating.length > 0) {
    const allowing = d.networkPolicy.matches.filter((m) => has(m.ports));
    if (allowing.length > 0)
      return { allowed: true, reason: `allowed by ${allowing.map(describeRule).join('; and by ')}${passed}` };
    const pols = d.networkPolicy.isolating
      .map((p) => `${policyName(p)} (${where(p.resource.origin)})`)
      .join(', ');
    const target = d.direction === 'egress' ? 'to' : 'from';
    const np0 = d.networkPolicy.isolating[0]!;
    return {
      allowed: false,
      reason: `denied: ${subject} is isolated for ${d.direction} by ${pols}, and no ${d.direction} rule of ${d.networkPolicy.isolating.length > 1 ? 'them' : 'it'} allows ${other.display} on ${protocol}${port === undefined ? '' : ` ${port}`}${passed}`,
      fix: `add to ${policyName(np0)} an ${d.direction} rule: {${target}: [${peerSnippet(other, np0.namespace)}], ports: [${portSnippet(protocol, port)}]}`,
    };
  }
  const base = first(d.baseline.matches);
  if (base && base.action === 'Deny')
    return {
      allowed: false,
      reason: `denied by ${describeRule(base)}${passed} (no NetworkPolicy isolates ${subject} for ${d.direction}, so the baseline applies)`,
      fix: `a NetworkPolicy that selects ${subject} for ${d.direction} overrides the baseline: add one allowing ${other.display} on ${protocol}${port === undefined ? '' : ` ${port}`}, or change the BaselineAdminNetworkPolicy rule`,
    };
  if (base) return { allowed: true, reason: `allowed by ${describeRule(base)}${passed}` };
  return {
    allowed: true,
    reason: `allowed by default: no NetworkPolicy isolates ${subject} for ${d.direction}${anp ? '' : ' and no admin policy rule matches'}${passed}`,
  };
}

export function explainPair(model: NetpolModel, src: Peer, dst: Peer, query?: PortQuery): Explanation {
  const pair = evaluatePair(model, src, dst);
  if (!query) return { pair, profile: model.profile.name };
  let port: number | undefined;
  let unresolved: string | undefined;
  if (typeof query.port === 'number') port = query.port;
  else if (dst.type === 'workload') {
    port = dst.ports.find((p) => p.name === query.port && p.protocol === query.protocol)?.port;
    if (port === undefined)
      unresolved = `${dst.display} declares no ${query.protocol} container port named "${query.port}"`;
  } else unresolved = `a named port cannot be resolved on ${dst.display}`;
  const egress = verdictFor(pair.egress, dst, query.protocol, port);
  const ingress = verdictFor(pair.ingress, src, query.protocol, port);
  let allowed = port !== undefined && connHas(pair.allowed, query.protocol, port);
  if (unresolved) allowed = false;
  const verdict: PortVerdict = { protocol: query.protocol, port, allowed, egress, ingress };
  return { pair, profile: model.profile.name, port: unresolved ? { ...verdict, unresolved } : verdict };
}

function describeDirection(d: DirectionResult, other: Peer): string[] {
  const lines: string[] = [];
  const subject = d.subject?.display;
  const head =
    d.direction === 'egress'
      ? `Egress from ${d.subject?.display ?? 'the source'}`
      : `Ingress to ${d.subject?.display ?? 'the destination'}`;
  lines.push(`${head}: ${d.allowed === ALL_CONNS ? 'All Connections' : formatConn(d.allowed)}`);
  if (!d.enforced) {
    lines.push(
      d.subject
        ? `  ${subject} uses the host network: policies neither isolate nor select it (k8s profile)`
        : `  outside the cluster: no policy applies`,
    );
    return lines;
  }
  // Admin tier
  if (d.admin.policies.length === 0) lines.push(`  AdminNetworkPolicy: none selects ${subject}`);
  else {
    lines.push(
      `  AdminNetworkPolicy: ${d.admin.policies.map((p) => `${p.name} (priority ${p.priority})`).join(', ')} select ${subject}`,
    );
    if (d.admin.matches.length === 0) lines.push(`    no ${d.direction} rule matches ${other.display}`);
    for (const m of d.admin.matches) lines.push(`    ${ruleLine(m)}`);
  }
  // NetworkPolicy tier
  if (d.networkPolicy.isolating.length === 0)
    lines.push(`  NetworkPolicy: none isolates ${subject} for ${d.direction}`);
  else {
    lines.push(
      `  NetworkPolicy: ${subject} is isolated for ${d.direction} by ${d.networkPolicy.isolating
        .map((p) => `${p.namespace}/${p.name} (${where(p.resource.origin)})`)
        .join(', ')}`,
    );
    if (d.networkPolicy.matches.length === 0)
      lines.push(
        `    no ${d.direction} rule allows ${other.display}: everything the admin tier left is denied`,
      );
    for (const m of d.networkPolicy.matches)
      lines.push(`    ${describeRule(m)} allows ${formatConn(m.ports)}`);
  }
  // Baseline tier
  if (!d.baseline.consulted)
    lines.push('  BaselineAdminNetworkPolicy: not consulted (a NetworkPolicy isolates the pod)');
  else if (d.baseline.policies.length === 0)
    lines.push(`  BaselineAdminNetworkPolicy: none selects ${subject}`);
  else {
    lines.push(
      `  BaselineAdminNetworkPolicy: ${d.baseline.policies.map((p) => p.name).join(', ')} selects ${subject}`,
    );
    if (d.baseline.matches.length === 0) lines.push(`    no ${d.direction} rule matches ${other.display}`);
    for (const m of d.baseline.matches) lines.push(`    ${ruleLine(m)}`);
  }
  return lines;
}

function ruleLine(m: RuleMatch): string {
  const verb = m.action === 'Allow' ? 'allows' : m.action === 'Deny' ? 'denies' : 'passes';
  const all = formatConn(m.ports);
  const decided = formatConn(m.effect);
  if (decided === all) return `${describeRule(m)} ${verb} ${all}`;
  if (m.effect === CONN_SET_ALGEBRA.empty)
    return `${describeRule(m)} would ${verb.replace(/s$/, '')} ${all}, all decided by earlier rules`;
  return `${describeRule(m)} ${verb} ${decided} (it names ${all}; earlier rules decided the rest)`;
}

/** The explanation as text. */
export function formatExplanation(e: Explanation): string {
  const { pair } = e;
  const lines: string[] = [];
  lines.push(`${pair.src.display} => ${pair.dst.display} (profile ${e.profile})`, '');
  const denied = CONN_SET_ALGEBRA.subtract(ALL_CONNS, pair.allowed);
  lines.push(`Allowed: ${formatConn(pair.allowed)}`);
  if (pair.exposure !== undefined)
    lines.push(
      `  (the ingress controller reaches only what Ingress/Route objects expose: ${formatConn(pair.exposure)})`,
    );
  lines.push(`Denied:  ${formatConn(denied)}`, '');
  lines.push(...describeDirection(pair.egress, pair.dst), '');
  lines.push(...describeDirection(pair.ingress, pair.src));
  if (e.port) {
    const p = e.port;
    lines.push('');
    const name = `${p.protocol} ${p.port ?? '(unresolved)'}`;
    lines.push(`${name}: ${p.allowed ? 'ALLOWED' : 'DENIED'}`);
    if (p.unresolved) lines.push(`  ${p.unresolved}`);
    for (const [dir, v] of [
      ['egress', p.egress],
      ['ingress', p.ingress],
    ] as const) {
      lines.push(`  ${dir}: ${v.reason}`);
      if (v.fix) lines.push(`    to allow it: ${v.fix}`);
    }
    if (pair.exposure !== undefined && p.port !== undefined && !connHas(pair.exposure, p.protocol, p.port))
      lines.push(`  no Ingress or Route exposes ${p.protocol} ${p.port} of ${pair.dst.display}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The explanation as JSON-ready data. */
export function explanationToJson(e: Explanation): unknown {
  const dir = (d: DirectionResult) => ({
    subject: d.subject?.display ?? null,
    enforced: d.enforced,
    allowed: formatConn(d.allowed),
    adminNetworkPolicies: d.admin.policies.map((p) => ({ name: p.name, priority: p.priority })),
    networkPoliciesIsolating: d.networkPolicy.isolating.map((p) => `${p.namespace}/${p.name}`),
    baselineConsulted: d.baseline.consulted,
    rules: [...d.admin.matches, ...d.networkPolicy.matches, ...d.baseline.matches].map((m) => ({
      policy: {
        kind: m.policy.kind,
        name: m.policy.name,
        ...(m.policy.kind === 'NetworkPolicy' ? { namespace: m.policy.namespace } : {}),
      },
      rule: m.ruleIndex + 1,
      name: m.ruleName ?? null,
      action: m.action,
      ports: formatConn(m.ports),
      decided: formatConn(m.effect),
      location: m.location,
    })),
  });
  return {
    schemaVersion: 1,
    profile: e.profile,
    src: e.pair.src.display,
    dst: e.pair.dst.display,
    allowed: formatConn(e.pair.allowed),
    ...(e.pair.exposure !== undefined ? { exposure: formatConn(e.pair.exposure) } : {}),
    egress: dir(e.pair.egress),
    ingress: dir(e.pair.ingress),
    ...(e.port ? { port: e.port } : {}),
  };
}
