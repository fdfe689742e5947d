/**
 * Upstream's wording helpers (policy/helpers.go) and Go's string semantics where they
 * show in messages: `%q` quoting and byte-order sorting of sets.
 */
import type { ContainerView } from './pod-view.js';

export function pluralize(singular: string, plural: string, n: number): string {
  return n === 1 ? singular : plural;
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '\u0007': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\v': '\\v',
  '"': '\\"',
  '\\': '\\\\',
};

/** Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

const PLAIN_ASCII = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

/** Go's strconv.Quote (`%q`), which upstream uses to quote names and values in details. */
export function goQuote(s: string): string {
  // Fast path: printable ASCII without quote or backslash needs no escaping (almost every name).
  if (PLAIN_ASCII.test(s)) return `"${s}"`;
  let out = '"';
  for (const ch of s) {
    const simple = SIMPLE_ESCAPES[ch];
    if (simple !== undefined) out += simple;
    else if (PRINTABLE.test(ch)) out += ch;
    else {
      const cp = ch.codePointAt(0)!;
      // A lone surrogate cannot come out of Go's JSON decoding: it becomes U+FFFD.
      if (cp >= 0xd800 && cp <= 0xdfff) out += '\ufffd';
      else if (cp < 0x80) out += `\\x${cp.toString(16).padStart(2, '0')}`;
      else if (cp <= 0xffff) out += `\\u${cp.toString(16).padStart(4, '0')}`;
      else out += `\\U${cp.toString(16).padStart(8, '0')}`;
    }
  }
  return `${out}"`;
}

/** Upstream joinQuote: `"a", "b"`. */
export function joinQuote(items: readonly string[]): string {
  return items.map(goQuote).join(', ');
}

/** Go compares strings by UTF-8 bytes, i.e. by code point (JS `<` compares UTF-16 units). */
export function goCompare(a: string, b: string): number {
  if (a === b) return 0;
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const x = ia.next();
    const y = ib.next();
    if (x.done) return y.done ? 0 : -1;
    if (y.done) return 1;
    const d = x.value.codePointAt(0)! - y.value.codePointAt(0)!;
    if (d !== 0) return d;
  }
}

/** sets.List(sets.New(items...)): unique and sorted like Go. */
export function sortedSet(items: Iterable<string>): string[] {
  return [...new Set(items)].sort(goCompare);
}

const KIND_WORDS = {
  initContainers: 'init container',
  containers: 'container',
  ephemeralContainers: 'ephemeral container',
} as const;

/** For kzt's own messages: `container "app"`, `init container "setup"`, `container #2` when unnamed. */
export function describeContainer(c: ContainerView): string {
  const word = KIND_WORDS[c.kind];
  return c.name === '' ? `${word} #${c.index + 1} (unnamed)` : `${word} ${goQuote(c.name)}`;
}

/** `"pod" and containers "a", "b"`-style setter lists, as several upstream checks build them. */
export function containersPhrase(names: readonly string[]): string {
  return `${pluralize('container', 'containers', names.length)} ${joinQuote(names)}`;
}

/** `livenessProbe.httpGet.host` from ['livenessProbe', 'httpGet', 'host'] (names only, no indices). */
export function formatSubPath(path: readonly (string | number)[]): string {
  return path.map((s) => (typeof s === 'number' ? `[${s}]` : s)).join('.');
}
