/**
 * Scores, 0 (everything fails) to 100 (nothing fails).
 *
 * For each check, the objects it evaluated are its *applicable* objects and those with
 * at least one unsuppressed finding are *failed*. With severity weights
 * critical 10, high 6, medium 3, low 1, info 0:
 *
 *   pillar score = 100 × (1 − Σ weight × failed / Σ weight × applicable)   over the pillar's checks
 *   overall      = mean of the pillar scores that are not null
 *
 * A pillar whose checks applied to nothing scores null (shown as "n/a"): no evidence is
 * not the same as a perfect score. Suppressed findings do not lower the score.
 */
import { PILLARS, type Pillar, type PillarScore, type Severity } from './types.js';

export const SEVERITY_WEIGHTS: Record<Severity, number> = {
  critical: 10,
  high: 6,
  medium: 3,
  low: 1,
  info: 0,
};

export interface CheckTally {
  pillar: Pillar | 'input';
  severity: Severity;
  applicable: number;
  failed: number;
  findings: number;
}

export function computeScores(tallies: readonly CheckTally[]): {
  overall: number | null;
  pillars: Record<Pillar, PillarScore>;
} {
  const pillars = {} as Record<Pillar, PillarScore>;
  for (const p of PILLARS) {
    let total = 0;
    let lost = 0;
    let findings = 0;
    let evaluated = 0;
    for (const t of tallies) {
      if (t.pillar !== p) continue;
      const w = SEVERITY_WEIGHTS[t.severity];
      total += w * t.applicable;
      lost += w * Math.min(t.failed, t.applicable);
      findings += t.findings;
      evaluated += t.applicable;
    }
    pillars[p] = { score: total === 0 ? null : Math.round(100 * (1 - lost / total)), findings, evaluated };
  }
  const scored = PILLARS.map((p) => pillars[p].score).filter((s): s is number => s !== null);
  const overall = scored.length === 0 ? null : Math.round(scored.reduce((a, b) => a + b, 0) / scored.length);
  return { overall, pillars };
}
