/**
 * Reports that grow with the number of findings are written in chunks: one JSON string
 * of 100k+ findings would double the peak memory. The document is serialised once with a
 * placeholder where its big array goes, and the array's items are written in its place,
 * batch by batch, indented as JSON.stringify(document, null, 2) would indent them.
 */

/** A string no report field can contain (NUL is escaped in JSON text as \u0000). */
export const ARRAY_SLOT = '\u0000kzt:items\u0000';

/**
 * Characters per chunk. Small enough that a chunk is an ordinary young-generation string:
 * a larger one goes to V8's large-object space, which only a full collection frees, and a
 * 100k-finding report then leaves hundreds of MiB of dead chunks behind it (measured: the
 * SARIF report of 100k objects peaked at 1.25 GiB with 2.4 MB chunks).
 */
export const CHUNK_CHARS = 64 * 1024;

/**
 * `JSON.stringify(document, null, 2)` plus a newline, in chunks, where `document` holds
 * ARRAY_SLOT in place of an array of `items`. `itemText(item, indent)` writes one item as
 * JSON.stringify(item, null, 2) would at that indentation (its first line not indented).
 */
export function* streamDocument<T>(
  document: unknown,
  items: readonly T[],
  itemText: (item: T, indent: string) => string,
): Generator<string> {
  const frame = JSON.stringify(document, null, 2);
  const slot = JSON.stringify(ARRAY_SLOT);
  const at = frame.indexOf(slot);
  if (items.length === 0) {
    yield `${frame.slice(0, at)}[]${frame.slice(at + slot.length)}\n`;
    return;
  }
  // The slot's line indentation is the array's; its items are one level deeper.
  const lineStart = frame.lastIndexOf('\n', at) + 1;
  const outer = /^ */.exec(frame.slice(lineStart, at))![0];
  const inner = `${outer}  `;
  yield `${frame.slice(0, at)}[\n`;
  // Joined, not appended with +=: a += chain is a deep rope that costs more to flatten
  // when written than building it did (measured: 0.85 s against 0.05 s for 110 MB).
  let parts: string[] = [];
  let size = 0;
  for (let j = 0; j < items.length; j++) {
    const text = `${inner}${itemText(items[j]!, inner)}${j + 1 < items.length ? ',\n' : '\n'}`;
    parts.push(text);
    size += text.length;
    if (size >= CHUNK_CHARS) {
      yield parts.join('');
      parts = [];
      size = 0;
    }
  }
  if (parts.length > 0) yield parts.join('');
  yield `${outer}]${frame.slice(at + slot.length)}\n`;
}

/** JSON.stringify(value, null, 2) re-indented to start at `indent`. */
export function indentedJson(value: unknown, indent: string): string {
  return JSON.stringify(value, null, 2).replace(/\n/g, `\n${indent}`);
}
