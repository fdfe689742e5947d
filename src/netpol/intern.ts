/**
 * Structural sharing while compiling policies. Clusters hold thousands of policies
 * written from one template (a Helm chart per app): their rules, peers and selectors are
 * equal, and compiled separately they would be most of what the model keeps. Compiled
 * parts are immutable and carry no reference to their policy, so equal source parts can
 * share one compiled object; only memory changes.
 *
 * A part is shared only when compiling it reported nothing: a warning names its own
 * object and location, so a part with warnings is compiled (and warned about) every time.
 */
import type { WarningSink } from './warnings.js';

/**
 * A string that identifies a plain JSON value (strings, finite numbers, booleans, null,
 * arrays and plain objects), or undefined for anything else (NaN, Infinity, -0, nested
 * undefined, ...), which is then never shared: two values with one key are equal.
 */
export function plainKey(v: unknown, depth = 0): string | undefined {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number') return Number.isFinite(v) && !Object.is(v, -0) ? String(v) : undefined;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (v === null) return 'null';
  if (typeof v !== 'object' || depth > 16) return undefined;
  if (Array.isArray(v)) {
    let out = '[';
    for (let i = 0; i < v.length; i++) {
      const k = plainKey(v[i], depth + 1);
      if (k === undefined) return undefined;
      out += i === 0 ? k : `,${k}`;
    }
    return `${out}]`;
  }
  const proto = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) return undefined;
  let out = '{';
  let first = true;
  for (const key of Object.keys(v)) {
    const k = plainKey((v as Record<string, unknown>)[key], depth + 1);
    if (k === undefined) return undefined;
    out += `${first ? '' : ','}${JSON.stringify(key)}:${k}`;
    first = false;
  }
  return `${out}}`;
}

/** Compiled parts by kind and source, for one model build. */
export class Interner {
  private readonly parts = new Map<string, unknown>();

  /**
   * The part compiled from `raw` in `context` (whatever else the result depends on):
   * shared with an earlier equal one, or built now and shared if `build` warned nothing.
   */
  share<T>(kind: string, context: string, raw: unknown, sink: WarningSink, build: () => T): T {
    const rawKey = raw === undefined ? 'undefined' : plainKey(raw);
    if (rawKey === undefined) return build();
    const key = `${kind}\u0000${context}\u0000${rawKey}`;
    const hit = this.parts.get(key);
    if (hit !== undefined) return hit as T;
    const before = sink.issued;
    const part = build();
    if (sink.issued === before) this.parts.set(key, part);
    return part;
  }
}
