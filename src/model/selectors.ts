/**
 * Label selectors (metav1.LabelSelector) with the API server's exact semantics:
 * - matchLabels and matchExpressions are ANDed;
 * - an empty selector ({}) matches everything; callers decide what an absent (null)
 *   selector means, because that differs by field (NetworkPolicy peers vs Services);
 * - In/NotIn need a non-empty values list, Exists/DoesNotExist must have none;
 *   NotIn and DoesNotExist match objects that lack the key;
 * - an invalid selector is an error, reported by the caller, and matches nothing.
 */
import { isRecord } from './types.js';

export type Labels = Readonly<Record<string, string>>;

export interface Requirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  values: readonly string[];
}

export interface Selector {
  /** matchLabels as requirements (key In [value]) followed by matchExpressions. */
  requirements: readonly Requirement[];
  /** True for `{}`: matches every object. */
  matchesAll: boolean;
}

export type SelectorParse = { ok: true; selector: Selector } | { ok: false; error: string };

const OPERATORS = new Set(['In', 'NotIn', 'Exists', 'DoesNotExist']);

/** Parses a LabelSelector as the API server validates it. */
export function parseLabelSelector(raw: unknown): SelectorParse {
  if (raw === null || raw === undefined)
    return { ok: true, selector: { requirements: [], matchesAll: true } };
  if (!isRecord(raw)) return { ok: false, error: 'a label selector must be an object' };
  const requirements: Requirement[] = [];
  const ml = raw.matchLabels;
  if (ml !== undefined && ml !== null) {
    if (!isRecord(ml)) return { ok: false, error: 'matchLabels must be a map of strings' };
    for (const [key, value] of Object.entries(ml)) {
      if (typeof value !== 'string') return { ok: false, error: `matchLabels.${key} must be a string` };
      requirements.push({ key, operator: 'In', values: [value] });
    }
  }
  const me = raw.matchExpressions;
  if (me !== undefined && me !== null) {
    if (!Array.isArray(me)) return { ok: false, error: 'matchExpressions must be a list' };
    for (const [i, e] of me.entries()) {
      if (!isRecord(e)) return { ok: false, error: `matchExpressions[${i}] must be an object` };
      const { key, operator, values } = e;
      if (typeof key !== 'string' || key === '')
        return { ok: false, error: `matchExpressions[${i}].key is required` };
      if (typeof operator !== 'string' || !OPERATORS.has(operator)) {
        return {
          ok: false,
          error: `matchExpressions[${i}].operator ${JSON.stringify(operator)} is not In, NotIn, Exists or DoesNotExist`,
        };
      }
      const vals = values === undefined || values === null ? [] : values;
      if (!Array.isArray(vals) || vals.some((v) => typeof v !== 'string')) {
        return { ok: false, error: `matchExpressions[${i}].values must be a list of strings` };
      }
      if ((operator === 'In' || operator === 'NotIn') && vals.length === 0) {
        return {
          ok: false,
          error: `matchExpressions[${i}]: values must be non-empty for operator ${operator}`,
        };
      }
      if ((operator === 'Exists' || operator === 'DoesNotExist') && vals.length > 0) {
        return { ok: false, error: `matchExpressions[${i}]: values must be empty for operator ${operator}` };
      }
      requirements.push({ key, operator: operator as Requirement['operator'], values: vals as string[] });
    }
  }
  return { ok: true, selector: { requirements, matchesAll: requirements.length === 0 } };
}

export function requirementMatches(r: Requirement, labels: Labels): boolean {
  const has = Object.hasOwn(labels, r.key);
  switch (r.operator) {
    case 'In':
      return has && r.values.includes(labels[r.key]!);
    case 'NotIn':
      return !has || !r.values.includes(labels[r.key]!);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
  }
}

export function selectorMatches(sel: Selector, labels: Labels): boolean {
  for (const r of sel.requirements) if (!requirementMatches(r, labels)) return false;
  return true;
}

/** A map-style selector (Service.spec.selector, ReplicationController.spec.selector): every pair must match. */
export function mapSelectorMatches(sel: Readonly<Record<string, string>>, labels: Labels): boolean {
  for (const [k, v] of Object.entries(sel)) if (labels[k] !== v) return false;
  return true;
}
