/**
 * Shortest escalation paths over the escalation graph, every hop explained, for
 * `kzt rbac paths` (text, JSON, Graphviz dot) and the ZT-ID-033 check.
 *
 * Without --from: every identity that can reach the target (default cluster-admin),
 * each with its shortest path, shortest first. Kubernetes' own components (`system:`
 * users and groups other than the broad ones, kube-system service accounts) are
 * sources only with `includeSystem`, since they hold such power by design.
 * With --from: the shortest path from that identity to each target (or to --to).
 */

import {
  describeNode,
  type EscalationGraph,
  type GraphEdge,
  type GraphNode,
  nodeKey,
  TARGETS,
  type TargetName,
} from './escalation.js';
import { cmp } from './order.js';
import { isBroadGroup } from './risks.js';
import { GROUP, type SubjectRef, subjectKey } from './subjects.js';
import { viaOf, type WhoCanVia } from './who-can.js';

export interface PathHop {
  from: GraphNode;
  to: GraphNode;
  technique: string;
  explanation: string;
  evidence: WhoCanVia[];
}

export interface EscalationPath {
  from: GraphNode;
  to: GraphNode;
  hops: PathHop[];
}

export interface PathQuery {
  from?: SubjectRef;
  to?: TargetName | SubjectRef;
  includeSystem?: boolean;
}

export function isSystemNode(n: GraphNode): boolean {
  if (n.kind === 'Target' || n.kind === 'Hub') return false;
  if (n.kind === 'ServiceAccount') return n.namespace === 'kube-system';
  if (n.kind === 'Group') return n.name.startsWith('system:') && !isBroadGroup(n.name);
  return (
    n.name.startsWith('system:') &&
    n.name !== GROUP.anonymousUser &&
    !n.name.startsWith('system:serviceaccount:')
  );
}

function hopOf(graph: EscalationGraph, e: GraphEdge): PathHop {
  return {
    from: graph.node(e.from)!,
    to: graph.node(e.to)!,
    technique: e.technique,
    explanation: e.explanation,
    evidence: e.evidence.map((g) => ({
      ...viaOf(g),
      subject: {
        kind: g.subject.kind,
        name: g.subject.name,
        ...(g.subject.namespace ? { namespace: g.subject.namespace } : {}),
      },
    })),
  };
}

/** Folds the hops through hubs into the hop that enters them ("create pods in namespace a: a pod running as a/op gets its token"). */
export function hopsOf(graph: EscalationGraph, edges: readonly GraphEdge[]): PathHop[] {
  const out: PathHop[] = [];
  for (const e of edges) {
    const hop = hopOf(graph, e);
    const last = out.at(-1);
    if (last && last.to.kind === 'Hub') {
      last.to = hop.to;
      if (hop.explanation) last.explanation += `: ${hop.explanation}`;
      continue;
    }
    out.push(hop);
  }
  return out;
}

function targetKey(to: TargetName | SubjectRef): string {
  return typeof to === 'string' ? `Target:${to}` : subjectKey(to);
}

/**
 * `towards`: the search towards the target (graph.towards(to)) when the caller already
 * has it, for a query without `from`.
 */
export function findPaths(
  graph: EscalationGraph,
  q: PathQuery,
  towards?: Map<string, GraphEdge | null>,
): EscalationPath[] {
  const toPath = (from: string, to: string, towards?: Map<string, GraphEdge | null>) => {
    const edges = graph.path(from, to, towards);
    return edges ? { from: graph.node(from)!, to: graph.node(to)!, hops: hopsOf(graph, edges) } : undefined;
  };
  if (q.from) {
    const from = subjectKey(q.from);
    if (!graph.node(from)) return [];
    const targets = q.to ? [targetKey(q.to)] : TARGETS.map((t) => `Target:${t}`);
    return targets.map((t) => toPath(from, t)).filter((p): p is EscalationPath => p !== undefined);
  }
  const to = targetKey(q.to ?? 'cluster-admin');
  if (!graph.node(to)) return [];
  towards ??= graph.towards(to);
  const out: EscalationPath[] = [];
  for (const k of towards.keys()) {
    const n = graph.node(k)!;
    if (k === to || n.kind === 'Target' || n.kind === 'Hub' || (!q.includeSystem && isSystemNode(n)))
      continue;
    const p = toPath(k, to, towards);
    if (p) out.push(p);
  }
  out.sort((a, b) => a.hops.length - b.hops.length || cmp(nodeKey(a.from), nodeKey(b.from)));
  return out;
}

function formatEvidence(v: WhoCanVia): string {
  const b = v.binding.namespace
    ? `${v.binding.kind} ${v.binding.namespace}/${v.binding.name}`
    : `${v.binding.kind} ${v.binding.name}`;
  const loc = v.location
    ? ` (${v.location.file}${v.location.line ? `:${v.location.line}` : ''})`
    : v.builtin
      ? ' (Kubernetes default)'
      : '';
  return `${b}${loc} → ${v.role.kind} ${v.role.name} rule ${v.rule}`;
}

/** `1. <from> can <explanation> [evidence] → <to>` per hop. */
export function formatPathText(p: EscalationPath): string {
  const lines = [`${describeNode(p.from)} → ${describeNode(p.to)} in ${p.hops.length} step(s):`];
  p.hops.forEach((h, i) => {
    const ev = h.evidence.length > 0 ? ` [${h.evidence.map(formatEvidence).join('; ')}]` : '';
    lines.push(`  ${i + 1}. ${describeNode(h.from)}: ${h.explanation}${ev} → ${describeNode(h.to)}`);
  });
  return lines.join('\n');
}

/** One line for a finding: "a → b → c: 1) ...; 2) ...". */
export function formatPathInline(p: EscalationPath): string {
  return p.hops
    .map(
      (h, i) =>
        `${i + 1}) ${h.explanation}${h.evidence[0] ? ` [${formatEvidence(h.evidence[0])}]` : ''} → ${describeNode(h.to)}`,
    )
    .join('; ');
}

function dotId(s: string): string {
  return JSON.stringify(s);
}

/** The union of the paths as a Graphviz digraph. */
export function formatPathsDot(paths: readonly EscalationPath[]): string {
  const nodes = new Map<string, GraphNode>();
  const edges = new Map<string, string>();
  for (const p of paths)
    for (const h of p.hops) {
      nodes.set(nodeKey(h.from), h.from);
      nodes.set(nodeKey(h.to), h.to);
      edges.set(`${nodeKey(h.from)}\0${nodeKey(h.to)}\0${h.technique}`, h.technique);
    }
  const lines = ['digraph escalation {', '  rankdir=LR;', '  node [shape=box, fontname="Helvetica"];'];
  for (const [k, n] of [...nodes].sort(([a], [b]) => cmp(a, b))) {
    const style =
      n.kind === 'Target' ? ', shape=doubleoctagon, color=red' : n.kind === 'Group' ? ', shape=ellipse' : '';
    lines.push(`  ${dotId(k)} [label=${dotId(describeNode(n))}${style}];`);
  }
  for (const [k, technique] of [...edges].sort(([a], [b]) => cmp(a, b))) {
    const [from, to] = k.split('\0');
    lines.push(`  ${dotId(from!)} -> ${dotId(to!)} [label=${dotId(technique)}];`);
  }
  lines.push('}');
  return lines.join('\n');
}
