/**
 * Escaping for every output format. Names, labels, annotations and messages come from
 * manifests, and manifests are attacker-controlled: a Deployment named
 * `"\u001b]52;c;...\u0007"` must not drive the reader's terminal, a label with `</failure>`
 * must not end a JUnit element, a message with `</script>` must not end an HTML script.
 */

/**
 * Replaces lone UTF-16 surrogates with U+FFFD. They cannot be encoded in UTF-8, so a
 * report that contained one would be rejected (or silently mangled) by its reader.
 * (String.prototype.toWellFormed is Node 20+, but not in the ES2023 lib we compile against.)
 */
export function toWellFormed(s: string): string {
  if (!/[\uD800-\uDFFF]/.test(s)) return s;
  return s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

function hex4(c: string): string {
  return `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * Characters a terminal would act on rather than show: C0 and C1 controls (ANSI escape
 * sequences start with ESC or CSI), DEL, and the bidirectional overrides of "Trojan
 * Source" (they reorder what the reader sees). Also line and paragraph separators, which
 * would break the table's layout.
 */
const TERMINAL_UNSAFE =
  /[\u0000-\u001F\u007F-\u009F\u061C\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069\uFEFF]/g;

/** The same characters and any surrogate, without the g flag: a cheap test before the rewrite. */
const NEEDS_TERMINAL_ESCAPE =
  /[\u0000-\u001F\u007F-\u009F\u061C\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069\uFEFF\uD800-\uDFFF]/;

/** Makes a manifest-derived string safe to print on a terminal or a CI log: controls become `\uXXXX`. */
export function terminalSafe(s: string): string {
  if (!NEEDS_TERMINAL_ESCAPE.test(s)) return s;
  return toWellFormed(s).replace(TERMINAL_UNSAFE, hex4);
}

/**
 * Characters XML 1.0 forbids outright, even as character references (`&#0;` is not
 * well-formed): C0 controls other than tab, LF and CR, U+FFFE and U+FFFF. Lone surrogates
 * are handled by toWellFormed first. They are replaced by their visible `\uXXXX` form, so
 * the report stays well-formed and the reader still sees that something odd was there.
 */
const XML_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/** What an XML parser returns for `xmlText(s)` / `xmlAttr(s)`: s with forbidden characters made visible. */
export function xmlVisible(s: string): string {
  return toWellFormed(s).replace(XML_FORBIDDEN, hex4);
}

/**
 * Escapes character data. CR is written as `&#13;` because parsers normalise a literal
 * CR (and CRLF) to LF; `>` is escaped so `]]>` can never appear.
 */
export function xmlText(s: string): string {
  return xmlVisible(s).replace(/[&<>\r]/g, (c) => XML_ENTITY[c]!);
}

/**
 * Escapes an attribute value (always written in double quotes). Tab, LF and CR are
 * written as character references because attribute-value normalisation turns literal
 * ones into spaces.
 */
export function xmlAttr(s: string): string {
  return xmlVisible(s).replace(/[&<>"'\t\n\r]/g, (c) => XML_ENTITY[c]!);
}

const XML_ENTITY: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};

/**
 * Escapes text and attribute values for HTML (double-quoted attributes). NUL becomes
 * U+FFFD: HTML parsers drop it from text, and the reader should see that it was there.
 */
export function htmlEscape(s: string): string {
  return toWellFormed(s).replace(/[&<>"'\u0000]/g, (c) => HTML_ENTITY[c]!);
}

const HTML_ENTITY: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '\u0000': '\uFFFD',
};

/**
 * JSON for embedding inside an HTML `<script type="application/json">`: `<`, `>` and `&`
 * are written as \u escapes so no `</script>` or `<!--` can appear, and U+2028/U+2029 too
 * (older JavaScript parsers treat them as line ends).
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, hex4);
}
