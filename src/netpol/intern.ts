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
import { getOrInsert } from '../model/maps.js';
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

/**
 * plainKey, fast: the engine's JSON.stringify gives the same string for every plain JSON
 * value, and differs from it only where a value has no JSON form (NaN and Infinity become
 * "null", -0 becomes "0"). "null" in the output sends the value to plainKey, which tells
 * those apart; -0 cannot matter, because a policy part reads numbers only as ports, where
 * 0 and -0 are both invalid (and a part with a warning is never shared).
 */
function sourceKey(raw: unknown): string | undefined {
  if (raw === undefined) return 'undefined';
  let json: string | undefined;
  try {
    json = JSON.stringify(raw);
  } catch {
    return plainKey(raw); // a cycle (YAML aliases can make one): plainKey gives up on depth
  }
  if (json === undefined || json.includes('null')) return plainKey(raw);
  return json;
}

const newMap = () => new Map();

/** Compiled parts by kind, scope and source, for one model build. */
export class Interner {
  private readonly parts = new Map<string, Map<string, Map<string, unknown>>>();

  /**
   * The part compiled from `raw` in `scope` (whatever else the result depends on, such as
   * the policy's namespace): shared with an earlier equal one, or built now and shared if
   * `build` warned nothing.
   */
  share<T>(kind: string, scope: string, raw: unknown, sink: WarningSink, build: () => T): T {
    const key = sourceKey(raw);
    if (key === undefined) return build();
    const parts = getOrInsert(getOrInsert(this.parts, kind, newMap), scope, newMap) as Map<string, unknown>;
    const hit = parts.get(key);
    if (hit !== undefined) return hit as T;
    const before = sink.issued;
    const part = build();
    if (sink.issued === before) parts.set(key, part);
    return part;
  }
}
