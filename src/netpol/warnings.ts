/**
 * Structured warnings of the NetworkPolicy analysis. Bad input never stops the
 * analysis: each problem names the object (and its file:line via Resource.locate),
 * says what kzt did about it, and the rest is analysed.
 */
import type { JsonPath, ObjectRef, Resource, SourceLocation } from '../model/types.js';

export type NetpolWarningCode =
  | 'invalid-selector'
  | 'invalid-cidr'
  | 'ipv6-ignored'
  | 'invalid-except'
  | 'named-port-on-ipblock'
  | 'invalid-port'
  | 'invalid-endport'
  | 'unknown-protocol'
  | 'empty-peer'
  | 'invalid-policy-type'
  | 'invalid-rule'
  | 'invalid-action'
  | 'invalid-priority'
  | 'equal-priority'
  | 'nodes-peer-ignored'
  | 'banp-name'
  | 'unmatched-named-port'
  | 'owner-label-variance'
  | 'pod-ip-unknown'
  | 'ingress-backend'
  | 'duplicate-workload'
  | 'duplicate-object';

export interface NetpolWarning {
  severity: 'warning' | 'error';
  code: NetpolWarningCode;
  message: string;
  /** The object the problem is in. */
  object?: ObjectRef;
  location?: SourceLocation;
}

/** Collects warnings, deduplicating identical messages at the same place. */
export class WarningSink {
  readonly warnings: NetpolWarning[] = [];
  private readonly seen = new Set<string>();
  /** Warnings reported so far, duplicates included (whether some code reported anything). */
  issued = 0;

  add(w: NetpolWarning): void {
    this.issued++;
    const key = `${w.code}\u0000${w.message}\u0000${w.location?.file}:${w.location?.line}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.warnings.push(w);
  }

  /** A warning about a field of an object, located in the source. */
  at(resource: Resource, path: JsonPath, code: NetpolWarningCode, message: string): void {
    this.add({
      severity: 'warning',
      code,
      message: `${describe(resource)}: ${message}`,
      object: resource.ref,
      location: resource.locate(path),
    });
  }
}

export function describe(resource: Resource): string {
  const r = resource.ref;
  return r.namespace ? `${r.kind} ${r.namespace}/${r.name}` : `${r.kind} ${r.name}`;
}

export function formatWarning(w: NetpolWarning): string {
  const loc = w.location;
  const where = loc
    ? `${loc.file}${loc.line ? `:${loc.line}` : ''}${loc.column ? `:${loc.column}` : ''}: `
    : '';
  return `${where}${w.severity}: ${w.message}`;
}
