/**
 * A small block-style YAML writer for plain JSON data (objects, arrays, strings, finite
 * numbers, booleans, null), used for PolicyReports. It is ~15× faster than js-yaml's
 * general dumper on 100k results, and its output is deliberately boring:
 *
 * - every string value is double-quoted with JSON escapes, plus `\uXXXX` for what YAML
 *   may not carry raw (C1 controls, DEL, U+2028/9, BOM, U+FFFE/F): double-quoted YAML
 *   accepts JSON's escapes in both YAML 1.1 (kubectl, go-yaml) and 1.2, and a quoted
 *   string can never be read as a boolean, a number or a date;
 * - keys are written plain only when they are identifiers that YAML 1.1 cannot read as
 *   anything but a string, else quoted the same way.
 *
 * Lone surrogates (not Unicode, so not YAML) become U+FFFD.
 */
import { toWellFormed } from './escape.js';

const NON_PRINTABLE = /[\u007F-\u009F\u2028\u2029\uFEFF\uFFFE\uFFFF]/g;

function hex4(c: string): string {
  return `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
}

export function quote(s: string): string {
  const j = JSON.stringify(toWellFormed(s));
  NON_PRINTABLE.lastIndex = 0;
  return NON_PRINTABLE.test(j) ? j.replace(NON_PRINTABLE, hex4) : j;
}

const PLAIN_KEY = /^[A-Za-z][A-Za-z0-9_.\-/]*$/;
const YAML11_WORDS = /^(y|n|yes|no|on|off|true|false|null)$/i;

function key(k: string): string {
  return PLAIN_KEY.test(k) && !YAML11_WORDS.test(k) ? k : quote(k);
}

function scalar(v: unknown): string {
  if (typeof v === 'string') return quote(v);
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`cannot write ${v} as YAML`);
    return String(v);
  }
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (v === null) return 'null';
  throw new Error(`cannot write a ${typeof v} as YAML`);
}

function isEmpty(v: unknown): string | undefined {
  if (Array.isArray(v) && v.length === 0) return '[]';
  if (v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0) return '{}';
  return undefined;
}

function isCollection(v: unknown): v is object {
  return v !== null && typeof v === 'object';
}

function writeMapping(obj: Record<string, unknown>, indent: string, out: string[], first?: string): void {
  let prefix = first ?? indent;
  for (const [k, v] of Object.entries(obj)) {
    if (v === undefined) continue;
    const empty = isEmpty(v);
    if (!isCollection(v) || empty) out.push(`${prefix}${key(k)}: ${empty ?? scalar(v)}`);
    else {
      out.push(`${prefix}${key(k)}:`);
      if (Array.isArray(v)) writeSequence(v, `${indent}  `, out);
      else writeMapping(v as Record<string, unknown>, `${indent}  `, out);
    }
    prefix = indent;
  }
}

function writeSequence(arr: readonly unknown[], indent: string, out: string[]): void {
  for (const v of arr) {
    const empty = isEmpty(v);
    if (!isCollection(v) || empty) out.push(`${indent}- ${empty ?? scalar(v)}`);
    else if (Array.isArray(v)) {
      out.push(`${indent}-`);
      writeSequence(v, `${indent}  `, out);
    } else writeMapping(v as Record<string, unknown>, `${indent}  `, out, `${indent}- `);
  }
}

/** One YAML document (without the `---` separator) for a JSON object. */
export function toYamlDocument(obj: Record<string, unknown>): string {
  const out: string[] = [];
  writeMapping(obj, '', out);
  return `${out.join('\n')}\n`;
}
