/**
 * `kzt netpol blast-radius` output: a table (one row per workload, largest reach first,
 * with the most sensitive workloads each reaches and a shortest path), the detail of one
 * workload (`--from`), and the JSON documented in docs/netpol-generate.md.
 */
import type { BlastRadius, ReachTarget } from './blast-radius.js';
import type { WorkloadPeer } from './workloads.js';

export interface BlastRadiusRow {
  readonly workload: WorkloadPeer;
  readonly direct: number;
  readonly transitive: number;
  /** Share of the other workloads reached transitively, 0..100. */
  readonly percent: number;
  readonly mostSensitive: readonly ReachTarget[];
}

export function blastRadiusRows(br: BlastRadius, top = 3): BlastRadiusRow[] {
  const ws = br.model.workloads;
  const others = Math.max(1, ws.length - 1);
  const rows = ws.map((w) => {
    const transitive = br.transitive(w);
    return {
      workload: w,
      direct: br.direct(w),
      transitive,
      percent: Math.round((transitive / others) * 1000) / 10,
    };
  });
  rows.sort(
    (a, b) =>
      b.transitive - a.transitive ||
      b.direct - a.direct ||
      (a.workload.display < b.workload.display ? -1 : a.workload.display > b.workload.display ? 1 : 0),
  );
  return rows.map((r) => ({ ...r, mostSensitive: br.mostSensitive(r.workload, top) }));
}

const shortPath = (t: ReachTarget) => t.path.map((p) => p.display).join(' -> ');

function pad(s: string, n: number, right = false): string {
  return right ? s.padStart(n) : s.padEnd(n);
}

export function formatBlastRadiusTable(rows: readonly BlastRadiusRow[], limit: number): string {
  const shown = limit > 0 ? rows.slice(0, limit) : rows;
  const w = Math.max('WORKLOAD'.length, ...shown.map((r) => r.workload.display.length));
  const lines = [
    `${pad('WORKLOAD', w)}  ${pad('DIRECT', 6, true)}  ${pad('TRANSITIVE', 10, true)}  ${pad('% OF WORKLOADS', 14, true)}  MOST SENSITIVE REACHED (SHORTEST PATH)`,
  ];
  for (const r of shown) {
    const first = r.mostSensitive[0];
    lines.push(
      `${pad(r.workload.display, w)}  ${pad(String(r.direct), 6, true)}  ${pad(String(r.transitive), 10, true)}  ${pad(`${r.percent}%`, 14, true)}  ${first ? `${first.target.display} [${first.sensitivity.reasons.join(', ')}]: ${shortPath(first)}` : '-'}`,
    );
    for (const t of r.mostSensitive.slice(1))
      lines.push(
        `${pad('', w)}  ${pad('', 6)}  ${pad('', 10)}  ${pad('', 14)}  ${t.target.display} [${t.sensitivity.reasons.join(', ')}]: ${shortPath(t)}`,
      );
  }
  if (shown.length < rows.length)
    lines.push(`(${rows.length - shown.length} more workloads; --top 0 lists all)`);
  return `${lines.join('\n')}\n`;
}

export function formatBlastRadiusFrom(br: BlastRadius, w: WorkloadPeer): string {
  const others = br.model.workloads.length - 1;
  const reach = br.reachList(w);
  const transitive = br.transitive(w);
  const lines = [
    `${w.display} reaches ${transitive} of the ${others} other workloads (${others > 0 ? Math.round((transitive / others) * 1000) / 10 : 0}%): ${br.direct(w)} directly, ${transitive} transitively.`,
  ];
  if (reach.length > 0) {
    const width = Math.max('WORKLOAD'.length, ...reach.map((r) => r.workload.display.length));
    const viaWidth = Math.max('VIA'.length, ...reach.map((r) => (r.via?.display ?? '-').length));
    lines.push('', `HOPS  ${pad('WORKLOAD', width)}  ${pad('VIA', viaWidth)}  SENSITIVITY`);
    for (const r of reach) {
      const s = br.sensitivity(r.workload);
      lines.push(
        `${pad(String(r.hops), 4, true)}  ${pad(r.workload.display, width)}  ${pad(r.via?.display ?? '-', viaWidth)}  ${s.score > 0 ? `${s.score}: ${s.reasons.join(', ')}` : '-'}`,
      );
    }
  }
  const top = br.mostSensitive(w, 5);
  if (top.length > 0) {
    lines.push('', 'Most sensitive reached:');
    for (const t of top)
      lines.push(`  ${t.target.display} (${t.sensitivity.reasons.join(', ')}): ${shortPath(t)}`);
  }
  return `${lines.join('\n')}\n`;
}

function targetJson(t: ReachTarget) {
  return {
    target: t.target.display,
    sensitivity: t.sensitivity.score,
    reasons: t.sensitivity.reasons,
    path: t.path.map((p) => p.display),
  };
}

export function blastRadiusJson(
  br: BlastRadius,
  rows: readonly BlastRadiusRow[],
  from?: WorkloadPeer,
): unknown {
  return {
    schemaVersion: 1,
    profile: br.model.profile.name,
    workloads: br.model.workloads.length,
    classes: br.graph.classes.length,
    results: rows.map((r) => ({
      workload: r.workload.display,
      direct: r.direct,
      transitive: r.transitive,
      percent: r.percent,
      sensitivity: br.sensitivity(r.workload).score,
      mostSensitive: r.mostSensitive.map(targetJson),
    })),
    ...(from
      ? {
          from: from.display,
          reaches: br.reachList(from).map((r) => ({
            workload: r.workload.display,
            hops: r.hops,
            via: r.via?.display ?? null,
            sensitivity: br.sensitivity(r.workload).score,
          })),
        }
      : {}),
  };
}
