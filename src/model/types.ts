/**
 * Core object model. Objects are plain JSON as the API server would store them
 * (after YAML 1.1 decoding and the defaults in input/defaults.ts); everything kzt
 * knows about where an object came from lives beside it, in `Resource`.
 */

/** A Kubernetes object as plain JSON. Field access must always be defensive: input is hostile. */
export interface K8sObject {
  apiVersion?: unknown;
  kind?: unknown;
  metadata?: unknown;
  [key: string]: unknown;
}

/** One step of a JSON path: a map key or an array index. */
export type PathSegment = string | number;
export type JsonPath = readonly PathSegment[];

/** Where something is in the input. Lines and columns are 1-based. */
export interface SourceLocation {
  file: string;
  line?: number;
  column?: number;
  /** The Helm template named by a `# Source:` comment above the document, if any. */
  helmSource?: string;
}

/** The identity of an object, as reports print it. */
export interface ObjectRef {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
}

/** An object of the inventory together with its origin. */
export interface Resource {
  /** Stable index in the inventory (load order). */
  readonly id: number;
  readonly ref: ObjectRef;
  readonly object: K8sObject;
  /** Where the document (or the List item) starts. */
  readonly origin: SourceLocation;
  /** Path from the parsed document root to `object` (e.g. ['items', 3] inside a List), for reports. */
  readonly documentPath: JsonPath;
  /** Resolve a path inside `object` to a position (the nearest existing ancestor when the leaf is absent). */
  locate(path: JsonPath): SourceLocation;
}

/** Formats a JSON path the way kubectl and most tools print it: spec.containers[0].image */
export function formatPath(path: JsonPath): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (isPlainKey(seg)) out += out === '' ? seg : `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

/** [A-Za-z_][A-Za-z0-9_-]*, without a regular expression: this runs for every finding. */
function isPlainKey(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const letter = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
    if (letter || (i > 0 && ((c >= 48 && c <= 57) || c === 45))) continue;
    return false;
  }
  return true;
}

export function refToString(ref: ObjectRef): string {
  return ref.namespace ? `${ref.kind}/${ref.namespace}/${ref.name}` : `${ref.kind}/${ref.name}`;
}

/** Safe accessors for hostile JSON. */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
export function asRecord(v: unknown): Record<string, unknown> | undefined {
  return isRecord(v) ? v : undefined;
}
export function asArray(v: unknown): readonly unknown[] {
  return Array.isArray(v) ? v : [];
}
export function asString(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}
export function stringMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isRecord(v)) return out;
  // Keys, not entries: no [key, value] array per label (this runs for every object's labels).
  for (const k of Object.keys(v)) {
    const val = v[k];
    if (typeof val === 'string') out[k] = val;
  }
  return out;
}
