/**
 * Pod selection as policies express it: a namespace constraint (a label selector over
 * namespaces, or "the policy's own namespace") ANDed with a pod label selector.
 *
 * - NetworkPolicy peer `podSelector` alone: pods of the policy's namespace.
 * - `namespaceSelector` alone: every pod of the matching namespaces.
 * - both in one peer: pods matching podSelector inside matching namespaces (AND);
 *   as two peers they are ORed by the caller.
 * - Namespaces are matched by their labels, which always include
 *   kubernetes.io/metadata.name (set by the control plane, synthesized offline).
 */
import { type Labels, parseLabelSelector, type Selector, selectorMatches } from '../model/selectors.js';
import type { JsonPath, Resource } from '../model/types.js';
import type { WarningSink } from './warnings.js';

export type NamespaceScope =
  | { readonly kind: 'selector'; readonly selector: Selector }
  | { readonly kind: 'name'; readonly name: string };

export interface PodSelection {
  readonly namespaces: NamespaceScope;
  readonly pods: Selector;
}

/** What a selection is evaluated against: a pod's namespace, namespace labels and labels. */
export interface SelectablePod {
  readonly namespace: string;
  readonly namespaceLabels: Labels;
  readonly labels: Labels;
}

export const MATCH_ALL: Selector = Object.freeze({ requirements: [], matchesAll: true });

export function selectionMatches(sel: PodSelection, pod: SelectablePod): boolean {
  const ns = sel.namespaces;
  if (ns.kind === 'name') {
    if (ns.name !== pod.namespace) return false;
  } else if (!selectorMatches(ns.selector, pod.namespaceLabels)) return false;
  return selectorMatches(sel.pods, pod.labels);
}

/**
 * Parses a label selector field; an invalid selector is reported and selects nothing
 * (the API server would have rejected the object).
 */
export function parseSelectorField(
  raw: unknown,
  resource: Resource,
  path: JsonPath,
  sink: WarningSink,
): Selector | undefined {
  const parsed = parseLabelSelector(raw);
  if (parsed.ok) return parsed.selector;
  sink.at(resource, path, 'invalid-selector', `invalid label selector (${parsed.error}); it selects nothing`);
  return undefined;
}

/** A selector that matches nothing, for fields that failed validation. */
export const MATCH_NONE: Selector = Object.freeze({
  requirements: [{ key: 'kzt.invalid/never', operator: 'In', values: [] }],
  matchesAll: false,
}) as Selector;

/** Canonical text of a selector, for display: "{app=web,tier in (a,b)}". */
export function formatSelector(s: Selector): string {
  if (s.requirements.length === 0) return '{}';
  return `{${s.requirements
    .map((r) => {
      switch (r.operator) {
        case 'In':
          return r.values.length === 1 ? `${r.key}=${r.values[0]}` : `${r.key} in (${r.values.join(',')})`;
        case 'NotIn':
          return `${r.key} notin (${r.values.join(',')})`;
        case 'Exists':
          return r.key;
        default:
          return `!${r.key}`;
      }
    })
    .join(',')}}`;
}
