/**
 * What was wrong with an audit log. Bad input never stops the analysis: each problem
 * names the file and the line (or, for compressed data, the byte offset), is counted,
 * and the rest of the log is read.
 *
 * Messages never quote the input itself: an audit line can hold a Secret or a token
 * in `requestObject`/`responseObject`, and even JSON.parse's own messages echo the
 * text around the error. Only positions, kinds and field names are printed.
 */

export type AuditProblemCode =
  /** The file could not be opened or read. */
  | 'unreadable'
  /** Binary data that is not a compressed format kzt reads. */
  | 'binary'
  /** zstd, bzip2, xz or zip: decompress it first (or pipe it: `zstdcat F | kzt ... -`). */
  | 'unsupported-compression'
  /** The gzip stream ends before its end (a copy cut short). */
  | 'truncated-gzip'
  /** The gzip data is damaged or followed by bytes that are not gzip. */
  | 'corrupt-gzip'
  /** A line or document that is not JSON. */
  | 'not-json'
  /** A line longer than the limit, or a document larger than the limit. */
  | 'too-large'
  /** JSON, but not an audit.k8s.io Event (or a field has the wrong type). */
  | 'wrong-shape';

export interface AuditProblem {
  /** 'error': a file could not be read (fully); 'warning': a line or event was skipped. */
  severity: 'error' | 'warning';
  code: AuditProblemCode;
  file: string;
  /** 1-based line in the (decompressed) text. */
  line?: number;
  /** Byte offset: of the line in the decompressed text, or in the compressed file for gzip problems. */
  offset?: number;
  /** 0-based index of the event inside an EventList / JSON array, when it was one. */
  item?: number;
  message: string;
}

export type ProblemSink = (p: AuditProblem) => void;

/** `file:line` (or `file@byte N`), the way every problem is shown. */
export function formatProblemLocation(p: AuditProblem): string {
  let s = p.file;
  if (p.line !== undefined) s += `:${p.line}`;
  else if (p.offset !== undefined) s += ` (byte ${p.offset})`;
  if (p.item !== undefined) s += ` item ${p.item}`;
  return s;
}

/**
 * A value from the input made safe for a terminal or a YAML comment: control
 * characters (ANSI escapes, newlines) are escaped and long values are cut, so a hostile
 * log can neither rewrite the screen nor break out of a comment.
 */
export function printable(s: string, max = 200): string {
  let out = s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => {
    const code = c.charCodeAt(0);
    return code === 0x0a ? '\\n' : code === 0x09 ? '\\t' : `\\u${code.toString(16).padStart(4, '0')}`;
  });
  if (out.length > max) out = `${out.slice(0, max)}…`;
  return out;
}
