/**
 * Reports that grow with the number of findings are written in chunks: one JSON string
 * of 100k+ findings would double the peak memory. The document is serialised once with a
 * placeholder where its big array goes, and the array's items are written in its place,
 * batch by batch, indented as JSON.stringify(document, null, 2) would indent them.
 */

/** A string no report field can contain (NUL is escaped in JSON text as \u0000). */
export const ARRAY_SLOT = '\u0000kzt:items\u0000';

const BATCH = 1000;

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
  for (let i = 0; i < items.length; i += BATCH) {
    let part = '';
    const end = Math.min(i + BATCH, items.length);
    for (let j = i; j < end; j++)
      part += `${inner}${itemText(items[j]!, inner)}${j + 1 < items.length ? ',\n' : '\n'}`;
    yield part;
  }
  yield `${outer}]${frame.slice(at + slot.length)}\n`;
}

/** JSON.stringify(value, null, 2) re-indented to start at `indent`. */
export function indentedJson(value: unknown, indent: string): string {
  return JSON.stringify(value, null, 2).replace(/\n/g, `\n${indent}`);
}
