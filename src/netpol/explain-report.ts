/**
 * The reference analyzer's `--explain` report: for every pair of peers, the ports
 * allowed and denied, each group with the policies and rules that decided it, per
 * direction; pairs that everything allows by default are listed at the end.
 *
 * Built on the single-pair evaluator (evaluate.ts): the rule matches and their effects
 * partition the port space per direction; the two partitions are crossed and grouped
 * by their reasons.
 */
import type { CompiledAdminPolicy } from './admin-policy.js';
import { type DirectionResult, evaluatePair, type RuleMatch } from './evaluate.js';
import { isEmpty } from './intervals.js';
import type { NetpolModel } from './model.js';
import type { CompiledNetworkPolicy, Direction } from './network-policy.js';
import { CONN_SET_ALGEBRA as A, ALL_CONNS, type ConnSet, formatPorts, NO_CONNS } from './ports.js';
import { INGRESS_CONTROLLER, type Peer, type WorkloadPeer } from './workloads.js';

interface Reason {
  readonly allowed: boolean;
  /** Allowed by nothing but the default (no policy decided). */
  readonly byDefault: boolean;
  readonly lines: readonly string[];
}

interface Part {
  readonly ports: ConnSet;
  readonly reason: Reason;
}

const DEFAULT_LINE = 'the system default (Allow all)';
const DASHES = '-'.repeat(160);

const cap = (d: Direction) => (d === 'ingress' ? 'Ingress' : 'Egress');

/** "TCP, UDP:[1-52,54-65535], SCTP": TCP, UDP, SCTP order; a full protocol is its name alone. */
export function formatExplainPorts(c: ConnSet): string {
  const parts: string[] = [];
  for (const p of ['TCP', 'UDP', 'SCTP'] as const) {
    const s = c[p];
    if (isEmpty(s)) continue;
    parts.push(s.length === 2 && s[0] === 1 && s[1] === 65535 ? p : `${p}:[${formatPorts(s)}]`);
  }
  return parts.join(', ');
}

function policyRef(p: CompiledNetworkPolicy | CompiledAdminPolicy): string {
  return p.kind === 'NetworkPolicy' ? `NetworkPolicy '${p.namespace}/${p.name}'` : `${p.kind} '${p.name}'`;
}

function adminLine(m: RuleMatch): string {
  const verb = m.action === 'Allow' ? 'allows' : m.action === 'Deny' ? 'denies' : 'passes';
  return `${policyRef(m.policy)} ${verb} connections by ${cap(m.direction)} rule ${m.ruleName}`;
}

function npAllowLine(m: RuleMatch): string {
  return `${policyRef(m.policy)} allows connections by ${cap(m.direction)} rule #${m.ruleIndex + 1}`;
}

/** Why the NetworkPolicy tier denies: one line per isolating policy, as a list when several. */
function npDenyLines(d: DirectionResult, other: Peer): string[] {
  const subject = d.subject!.display;
  const dir = cap(d.direction);
  const lines = [...d.networkPolicy.isolating]
    .sort((a, b) => {
      const x = `${a.namespace}/${a.name}`;
      const y = `${b.namespace}/${b.name}`;
      return x < y ? -1 : x > y ? 1 : 0;
    })
    .map((np) => {
      const rules = np[d.direction];
      if (rules.length === 0)
        return `${policyRef(np)} selects ${subject}, but ${other.display} is not allowed by any ${dir} rule (no rules defined)`;
      // The reference names the first rule that selects the peer.
      const first = d.networkPolicy.matches.find((m) => m.policy === np);
      if (first)
        return `${policyRef(np)} selects ${subject}, and ${dir} rule #${first.ruleIndex + 1} selects ${other.display}, but the protocols and ports do not match`;
      return `${policyRef(np)} selects ${subject}, but ${other.display} is not allowed by any ${dir} rule`;
    });
  if (lines.length === 1) return lines;
  return ['NetworkPolicy list:', ...lines.map((l) => `\t- ${l}`), ''];
}

/** Splits `ports` by which of the given matches contain each port. */
function refine(ports: ConnSet, matches: readonly RuleMatch[]): Array<{ ports: ConnSet; by: RuleMatch[] }> {
  let pieces: Array<{ ports: ConnSet; by: RuleMatch[] }> = [{ ports, by: [] }];
  for (const m of matches) {
    const next: typeof pieces = [];
    for (const piece of pieces) {
      const inside = A.intersect(piece.ports, m.ports);
      const outside = A.subtract(piece.ports, m.ports);
      if (inside !== NO_CONNS) next.push({ ports: inside, by: [...piece.by, m] });
      if (outside !== NO_CONNS) next.push({ ports: outside, by: piece.by });
    }
    pieces = next;
  }
  return pieces;
}

/** The partition of the port space of one direction into parts with their reasons. */
function directionParts(d: DirectionResult, other: Peer): Part[] {
  if (!d.enforced) return [{ ports: ALL_CONNS, reason: { allowed: true, byDefault: true, lines: [] } }];
  const parts: Part[] = [];
  const groups: Array<{ ports: ConnSet; prefix: string[] }> = [];
  let undecided = ALL_CONNS;
  for (const m of d.admin.matches) {
    if (m.effect === NO_CONNS) continue;
    undecided = A.subtract(undecided, m.effect);
    if (m.action === 'Pass') groups.push({ ports: m.effect, prefix: [adminLine(m)] });
    else
      parts.push({
        ports: m.effect,
        reason: { allowed: m.action === 'Allow', byDefault: false, lines: [adminLine(m)] },
      });
  }
  if (undecided !== NO_CONNS) groups.unshift({ ports: undecided, prefix: [] });
  const npMatches = [...d.networkPolicy.matches].sort((a, b) => {
    const x = policyRef(a.policy);
    const y = policyRef(b.policy);
    return x < y ? -1 : x > y ? 1 : a.ruleIndex - b.ruleIndex;
  });
  for (const g of groups) {
    if (d.networkPolicy.isolating.length > 0) {
      for (const piece of refine(g.ports, npMatches)) {
        parts.push({
          ports: piece.ports,
          reason:
            piece.by.length > 0
              ? { allowed: true, byDefault: false, lines: [...g.prefix, ...piece.by.map(npAllowLine)] }
              : { allowed: false, byDefault: false, lines: [...g.prefix, ...npDenyLines(d, other)] },
        });
      }
      continue;
    }
    let rest = g.ports;
    for (const m of d.baseline.matches) {
      const mine = A.intersect(rest, m.effect);
      if (mine === NO_CONNS) continue;
      rest = A.subtract(rest, mine);
      parts.push({
        ports: mine,
        reason: { allowed: m.action === 'Allow', byDefault: false, lines: [...g.prefix, adminLine(m)] },
      });
    }
    if (rest !== NO_CONNS)
      parts.push({
        ports: rest,
        reason: g.prefix.length
          ? { allowed: true, byDefault: false, lines: [...g.prefix, DEFAULT_LINE] }
          : { allowed: true, byDefault: true, lines: [] },
      });
  }
  return parts;
}

/** The ingress controller reaches only what an Ingress or Route exposes. */
function withExposure(model: NetpolModel, parts: Part[], dst: WorkloadPeer): Part[] {
  const sources = model.exposureSources.get(dst.index) ?? [];
  const exposed = model.exposure.get(dst.index) ?? NO_CONNS;
  const kind = (r: (typeof sources)[number]) => (r.object.ref.kind === 'Route' ? 'Route' : 'K8s-Ingress');
  const name = (r: (typeof sources)[number]) => `${kind(r)} '${r.object.ref.namespace}/${r.object.ref.name}'`;
  const out: Part[] = [];
  for (const p of parts) {
    const inside = A.intersect(p.ports, exposed);
    const outside = A.subtract(p.ports, exposed);
    if (inside !== NO_CONNS)
      out.push({
        ports: inside,
        reason: {
          allowed: p.reason.allowed,
          byDefault: false,
          lines: [
            ...(p.reason.byDefault ? [DEFAULT_LINE] : p.reason.lines),
            ...sources
              .filter((s) => A.intersect(s.conns, inside) !== NO_CONNS)
              .map((s) => `${name(s)} allows ingress connections through service ${s.service}`),
          ],
        },
      });
    if (outside !== NO_CONNS)
      out.push({
        ports: outside,
        reason: {
          allowed: false,
          byDefault: false,
          lines: [
            ...(p.reason.byDefault ? [DEFAULT_LINE] : p.reason.lines),
            ...sources.map(
              (s) =>
                `${name(s)} allows ingress to service ${s.service}, but the protocols and ports do not match`,
            ),
          ],
        },
      });
  }
  return out;
}

function reasonText(direction: Direction, r: Reason): string[] {
  const head = `\t\t${cap(direction)} (${r.allowed ? 'Allowed' : 'Denied'})`;
  if (r.byDefault) return [`${head} due to ${DEFAULT_LINE}`];
  return [head, ...r.lines.map((l) => (l === '' ? '' : `\t\t\t${l}`))];
}

interface Segment {
  ports: ConnSet;
  allowed: boolean;
  egress: Reason;
  ingress: Reason;
}

function pairSegments(model: NetpolModel, src: Peer, dst: Peer): Segment[] {
  const pair = evaluatePair(model, src, dst);
  const eg = directionParts(pair.egress, dst);
  let ing = directionParts(pair.ingress, src);
  if (src.type === 'ingress-controller' && dst.type === 'workload') ing = withExposure(model, ing, dst);
  const byKey = new Map<string, Segment>();
  for (const e of eg)
    for (const i of ing) {
      const ports = A.intersect(e.ports, i.ports);
      if (ports === NO_CONNS) continue;
      const allowed = e.reason.allowed && i.reason.allowed;
      const key = JSON.stringify([allowed, e.reason, i.reason]);
      const seg = byKey.get(key);
      if (seg) seg.ports = A.union(seg.ports, ports);
      else byKey.set(key, { ports, allowed, egress: e.reason, ingress: i.reason });
    }
  return [...byKey.values()];
}

function sectionLines(segments: Segment[], allowed: boolean): string[] {
  const list = segments
    .filter((s) => s.allowed === allowed)
    .map((s) => ({ s, ports: formatExplainPorts(s.ports) }))
    .sort((a, b) => (a.ports < b.ports ? -1 : a.ports > b.ports ? 1 : 0));
  if (list.length === 0) return [];
  const verb = allowed ? 'Allowed' : 'Denied';
  const out = [`${verb} connections:`];
  for (const { s, ports } of list) {
    if (s.egress.byDefault && s.ingress.byDefault) out.push(`\t${verb} ${ports} due to ${DEFAULT_LINE}`);
    else
      out.push(
        `\t${verb} ${ports} due to the following policies and rules:`,
        ...reasonText('egress', s.egress),
        ...reasonText('ingress', s.ingress),
      );
    out.push('');
  }
  return out;
}

/** The whole report, in the reference's order (source, then destination name). */
export function formatExplainReport(model: NetpolModel): string {
  const byName = (a: Peer, b: Peer) => (a.display < b.display ? -1 : a.display > b.display ? 1 : 0);
  const workloads = [...model.workloads].sort(byName);
  const srcs: Peer[] = [...workloads, ...model.sourceAtoms];
  if (model.exposure.size > 0) srcs.push(INGRESS_CONTROLLER);
  srcs.sort(byName);
  const dsts: Peer[] = [...workloads, ...model.destinationAtoms].sort(byName);
  const specific: string[] = [
    '',
    '##########################################',
    '# Specific connections and their reasons #',
    '##########################################',
  ];
  const byDefault: string[] = [];
  for (const src of srcs) {
    for (const dst of dsts) {
      if (src.type !== 'workload' && dst.type !== 'workload') continue;
      if (src === dst && !(model.profile.selfConnections && (src as WorkloadPeer).replicated)) continue;
      if (src.type === 'ingress-controller' && !(dst.type === 'workload' && model.exposure.has(dst.index)))
        continue;
      const segments = pairSegments(model, src, dst);
      const only = segments[0];
      if (
        segments.length === 1 &&
        only &&
        only.allowed &&
        only.egress.byDefault &&
        only.ingress.byDefault &&
        only.ports === ALL_CONNS
      ) {
        byDefault.push(`${src.display} => ${dst.display}`);
        continue;
      }
      specific.push(
        DASHES,
        `Connections between ${src.display} => ${dst.display}:`,
        '',
        ...sectionLines(segments, true),
        ...sectionLines(segments, false),
      );
    }
  }
  const tail = byDefault.length
    ? [
        '',
        '#########################################################',
        '# All Connections due to the system default (Allow all) #',
        '#########################################################',
        ...byDefault,
      ]
    : [];
  return `${[...specific, ...tail].join('\n')}\n`;
}
