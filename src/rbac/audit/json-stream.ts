/**
 * Decompressed bytes → JSON values, streamed, with the line each value starts on.
 *
 * Audit logs come in three layouts, and a file may mix the first two:
 * - JSON lines (the log backend: one Event per line). Each line is parsed on its own
 *   with JSON.parse, the fastest parser there is; a bad line is reported by number
 *   and the next line is read normally.
 * - One document per line holding an `EventList` (webhook batches captured to a file):
 *   flattened into its items.
 * - Pretty-printed documents spanning lines (`jq . audit.log`, an `EventList` saved
 *   with indentation, a JSON array of events). A line that starts a value but does
 *   not parse on its own is handed to a small structural scanner that follows the
 *   JSON grammar across lines. For an object with an `items` array (an EventList)
 *   and for a top-level array, every element is cut out and emitted as soon as it is
 *   complete, so a multi-gigabyte EventList is read with the memory of one event.
 *
 * Recovery: strings cannot span lines in JSON, so a line cut in the middle of a string
 * (a truncated last line, a line broken by a crash) is detected at its end. A cut
 * elsewhere is detected when the next line starts with `{` where the grammar does not
 * allow it. After an error, lines are skipped until one starts, in column 0, with
 * `{` or `[` — where every JSON-lines record and every top-level pretty-printed
 * document starts.
 */
import { isRecord } from '../../model/types.js';
import type { ProblemSink } from './problems.js';

export interface ValuePosition {
  file: string;
  /** 1-based line where the value starts. */
  line: number;
  /** Byte offset of that line in the decompressed text. */
  offset: number;
  /** Index inside an EventList / JSON array. */
  item?: number;
}

export type ValueSink = (value: unknown, pos: ValuePosition) => void;

/** Longest line (and largest multi-line document) read; beyond it the line is skipped. */
export const MAX_LINE_BYTES = 256 * 1024 * 1024;

const OBJ = 0;
const ARR = 1;
// What the scanner expects next.
const VALUE = 0;
const VALUE_OR_END = 1;
const KEY = 2;
const KEY_OR_END = 3;
const COLON = 4;
const COMMA_OR_END = 5;

const isSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a;
/** Characters that end a number or a literal. */
const isDelimiter = (c: number) => isSpace(c) || c === 0x2c || c === 0x5d || c === 0x7d || c === 0x3a;

function firstNonSpace(text: string): number {
  for (let i = 0; i < text.length; i++) if (!isSpace(text.charCodeAt(i))) return i;
  return -1;
}

/** A list of events: EventList (audit.k8s.io), or a v1 List of them (what audit2rbac flattens too). */
function isEventList(v: Record<string, unknown>): boolean {
  return Array.isArray(v.items) && (v.kind === 'EventList' || v.kind === 'List' || v.kind === undefined);
}

class ScanError extends Error {
  constructor(
    message: string,
    readonly atLineStart: boolean,
    readonly tooLarge = false,
  ) {
    super(message);
  }
}

/**
 * The structural scanner for documents that span lines. It validates only structure
 * (brackets, strings, commas, colons); each cut-out piece is then parsed by
 * JSON.parse, which validates the rest.
 */
class DocumentScanner {
  private stack: number[] = [];
  private expect = VALUE;
  /** The last key read at depth 1 of a top-level object. */
  private key: string | undefined;
  // The whole top-level object, with its `items` array replaced by [] (the "shell").
  private shell: string[] | undefined;
  private shellFrom = -1;
  private shellSize = 0;
  private hadItems = false;
  /** Depth at which elements are cut out: 1 for a top-level array, 2 for an object's `items`. */
  private itemsLevel = 0;
  private item: string[] | undefined;
  private itemFrom = -1;
  private itemSize = 0;
  private itemIndex = 0;
  private itemPos: ValuePosition | undefined;
  docPos: ValuePosition | undefined;

  constructor(
    private readonly file: string,
    private readonly emit: ValueSink,
    private readonly emitTop: (v: unknown, pos: ValuePosition) => void,
    private readonly report: ProblemSink,
    private readonly maxBytes: number,
  ) {}

  get active(): boolean {
    return this.docPos !== undefined;
  }

  reset(): void {
    this.stack = [];
    this.expect = VALUE;
    this.key = undefined;
    this.shell = undefined;
    this.shellFrom = -1;
    this.shellSize = 0;
    this.hadItems = false;
    this.itemsLevel = 0;
    this.item = undefined;
    this.itemFrom = -1;
    this.itemSize = 0;
    this.itemIndex = 0;
    this.itemPos = undefined;
    this.docPos = undefined;
  }

  /**
   * Scans `text` (one line, without its newline) from `start`. Throws ScanError on a
   * structural error; returns normally at the end of the line.
   */
  feed(text: string, line: number, offset: number, start: number): void {
    const n = text.length;
    const firstToken = firstNonSpace(text);
    for (let i = start; i < n; i++) {
      const c = text.charCodeAt(i);
      if (isSpace(c)) continue;
      const depth = this.stack.length;
      if (depth === 0) {
        if (c !== 0x7b && c !== 0x5b) throw new ScanError('expected { or [ to start a document', false);
        this.docPos = { file: this.file, line, offset };
        this.expect = VALUE;
        if (c === 0x7b) {
          this.shell = [];
          this.shellFrom = i;
        }
      }
      // The first character of an element that is cut out.
      if (this.itemsLevel !== 0 && depth === this.itemsLevel && this.item === undefined && c !== 0x5d) {
        this.item = [];
        this.itemFrom = i;
        this.itemPos = { file: this.file, line, offset, item: this.itemIndex };
      }
      switch (c) {
        case 0x22: {
          // A string: it must end on this line. Jump from quote to quote (indexOf is
          // native) and count the backslashes before each: an odd number escapes it.
          let j = i + 1;
          for (;;) {
            const q = text.indexOf('"', j);
            if (q === -1) {
              j = n;
              break;
            }
            let b = q - 1;
            while (b > i && text.charCodeAt(b) === 0x5c) b--;
            if ((q - 1 - b) % 2 === 0) {
              j = q;
              break;
            }
            j = q + 1;
          }
          if (j >= n) throw new ScanError(`unterminated string at line ${line}`, false);
          if (this.expect === KEY || this.expect === KEY_OR_END) {
            if (depth === 1) this.key = text.slice(i + 1, j);
            this.expect = COLON;
          } else {
            this.needValue(line, i === firstToken);
            this.valueDone(text, j);
          }
          i = j;
          break;
        }
        case 0x7b: // {
          this.needValue(line, i === firstToken);
          this.stack.push(OBJ);
          this.expect = KEY_OR_END;
          break;
        case 0x5b: // [
          this.needValue(line, i === firstToken);
          if (depth === 0) {
            this.itemsLevel = 1;
          } else if (depth === 1 && this.stack[0] === OBJ && this.key === 'items' && this.shell) {
            // An EventList: its items are cut out one by one; the shell keeps [] in their place.
            this.shell.push(text.slice(this.shellFrom, i), '[]');
            this.shellFrom = -1;
            this.hadItems = true;
            this.itemsLevel = 2;
          }
          this.stack.push(ARR);
          this.expect = VALUE_OR_END;
          break;
        case 0x7d: // }
          if (this.stack[depth - 1] !== OBJ || (this.expect !== KEY_OR_END && this.expect !== COMMA_OR_END))
            throw new ScanError(`unexpected } at line ${line}`, i === firstToken);
          this.stack.pop();
          this.valueDone(text, i);
          break;
        case 0x5d: {
          // ]
          if (this.stack[depth - 1] !== ARR || (this.expect !== VALUE_OR_END && this.expect !== COMMA_OR_END))
            throw new ScanError(`unexpected ] at line ${line}`, i === firstToken);
          if (this.itemsLevel !== 0 && depth === this.itemsLevel) {
            this.endItem(text, i);
            if (this.itemsLevel === 2) this.shellFrom = i + 1;
            this.itemsLevel = 0;
          }
          this.stack.pop();
          this.valueDone(text, i);
          break;
        }
        case 0x3a: // :
          if (this.expect !== COLON) throw new ScanError(`unexpected : at line ${line}`, false);
          this.expect = VALUE;
          break;
        case 0x2c: // ,
          if (this.expect !== COMMA_OR_END) throw new ScanError(`unexpected , at line ${line}`, false);
          if (this.itemsLevel !== 0 && depth === this.itemsLevel) this.endItem(text, i);
          this.expect = this.stack[depth - 1] === OBJ ? KEY : VALUE;
          break;
        default: {
          // A number or a literal; JSON.parse of the piece checks its spelling.
          this.needValue(line, false);
          let j = i + 1;
          while (j < n && !isDelimiter(text.charCodeAt(j))) j++;
          this.valueDone(text, j - 1);
          i = j - 1;
        }
      }
    }
    // End of line: keep the open pieces, with the newline, for the next line.
    if (this.shell && this.shellFrom !== -1) {
      const s = text.slice(this.shellFrom);
      this.shell.push(s, '\n');
      this.shellSize += s.length + 1;
      this.shellFrom = 0;
      if (this.shellSize > this.maxBytes) throw new ScanError('document larger than the limit', false, true);
    }
    if (this.item) {
      const s = text.slice(this.itemFrom);
      this.item.push(s, '\n');
      this.itemSize += s.length + 1;
      this.itemFrom = 0;
      if (this.itemSize > this.maxBytes) throw new ScanError('list item larger than the limit', false, true);
    }
  }

  private needValue(line: number, atLineStart: boolean): void {
    if (this.stack.length === 0) return;
    if (this.expect !== VALUE && this.expect !== VALUE_OR_END)
      throw new ScanError(`a value where the grammar does not allow one, at line ${line}`, atLineStart);
  }

  /** A value ended at index `end` (inclusive) of `text`. */
  private valueDone(text: string, end: number): void {
    if (this.stack.length > 0) {
      this.expect = COMMA_OR_END;
      return;
    }
    // The top-level document is complete.
    const pos = this.docPos!;
    if (this.shell) {
      this.shell.push(text.slice(this.shellFrom, end + 1));
      let v: unknown;
      try {
        v = JSON.parse(this.shell.join(''));
      } catch (err) {
        this.problemAt(pos, `not valid JSON${jsonErrorPosition(err)} (document of several lines)`);
        this.reset();
        return;
      }
      if (!this.hadItems) this.emitTop(v, pos);
      else if (isRecord(v) && v.kind !== undefined && v.kind !== 'EventList' && v.kind !== 'List')
        this.report({
          severity: 'warning',
          code: 'wrong-shape',
          file: this.file,
          line: pos.line,
          offset: pos.offset,
          message: `a document with items of kind ${JSON.stringify(String(v.kind).slice(0, 60))}, not an audit EventList; its items were read as events`,
        });
    }
    this.reset();
  }

  private endItem(text: string, end: number): void {
    if (!this.item) return;
    this.item.push(text.slice(this.itemFrom, end));
    const pos = this.itemPos!;
    let v: unknown;
    let ok = true;
    try {
      v = JSON.parse(this.item.join(''));
    } catch (err) {
      ok = false;
      this.problemAt(pos, `not valid JSON${jsonErrorPosition(err)}`);
    }
    this.item = undefined;
    this.itemFrom = -1;
    this.itemSize = 0;
    this.itemIndex++;
    if (ok) this.emit(v, pos);
  }

  problemAt(pos: ValuePosition, message: string): void {
    this.report({
      severity: 'warning',
      code: 'not-json',
      file: this.file,
      line: pos.line,
      offset: pos.offset,
      ...(pos.item !== undefined ? { item: pos.item } : {}),
      message,
    });
  }
}

const mib = (bytes: number) => (bytes >= 1024 * 1024 ? `${bytes / 1024 / 1024} MiB` : `${bytes} bytes`);

/** JSON.parse messages quote the input; keep only the position they name. */
function jsonErrorPosition(err: unknown): string {
  const m = /position (\d+)/.exec(err instanceof Error ? err.message : '');
  return m ? ` (at character ${Number(m[1]) + 1})` : '';
}

/**
 * Push decompressed bytes in with `push`, call `end` once; values and problems come
 * out through the callbacks, synchronously.
 */
export class JsonValueStream {
  /** Lines seen so far (complete or not). */
  lines = 0;
  /** Lines skipped while re-synchronising after a broken document. */
  skippedLines = 0;
  private offset = 0;
  private carry: Buffer[] = [];
  private carryLength = 0;
  private overlong = false;
  private resync = false;
  /** The lines skipped in the current re-synchronisation. */
  private skipping: { line: number; offset: number; count: number } | undefined;
  private readonly scanner: DocumentScanner;

  constructor(
    private readonly file: string,
    private readonly emit: ValueSink,
    private readonly report: ProblemSink,
    private readonly maxLineBytes = MAX_LINE_BYTES,
  ) {
    this.scanner = new DocumentScanner(file, emit, (v, pos) => this.emitTop(v, pos), report, maxLineBytes);
  }

  push(chunk: Buffer): void {
    let from = 0;
    for (;;) {
      const nl = chunk.indexOf(0x0a, from);
      if (nl === -1) break;
      if (this.carryLength > 0 || this.overlong) {
        if (!this.overlong) {
          this.carry.push(chunk.subarray(from, nl));
          const whole = Buffer.concat(this.carry);
          this.carry = [];
          this.carryLength = 0;
          this.line(whole, 0, whole.length);
        } else {
          this.overlong = false;
          this.lines++;
          this.offset += this.carryLength + (nl - from) + 1;
          this.carryLength = 0;
        }
      } else {
        this.line(chunk, from, nl);
      }
      from = nl + 1;
    }
    if (from < chunk.length) {
      const rest = chunk.length - from;
      if (this.overlong) {
        this.carryLength += rest;
      } else if (this.carryLength + rest > this.maxLineBytes) {
        this.report({
          severity: 'warning',
          code: 'too-large',
          file: this.file,
          line: this.lines + 1,
          offset: this.offset,
          message: `line longer than ${mib(this.maxLineBytes)}; skipped`,
        });
        this.overlong = true;
        this.carry = [];
        this.carryLength += rest;
        this.scanner.reset();
        this.resync = true;
      } else {
        // Copy: the chunk's memory is reused by the reader.
        this.carry.push(Buffer.from(chunk.subarray(from)));
        this.carryLength += rest;
      }
    }
  }

  end(): void {
    if (this.overlong) {
      this.lines++;
    } else if (this.carryLength > 0) {
      const whole = Buffer.concat(this.carry);
      this.carry = [];
      this.carryLength = 0;
      // The last line has no newline; `line` adds 1 to the offset for one.
      this.line(whole, 0, whole.length);
    }
    if (this.scanner.active) {
      const pos = this.scanner.docPos!;
      this.scanner.problemAt(pos, 'not valid JSON: the document is not complete at the end of the file');
      this.scanner.reset();
    }
    this.endResync();
  }

  /** One line: bytes [start, end) of buf, without the newline. */
  private line(buf: Buffer, start: number, end: number): void {
    this.lines++;
    const lineNo = this.lines;
    const offset = this.offset;
    this.offset += end - start + 1;
    if (end - start > this.maxLineBytes) {
      this.report({
        severity: 'warning',
        code: 'too-large',
        file: this.file,
        line: lineNo,
        offset,
        message: `line longer than ${mib(this.maxLineBytes)}; skipped`,
      });
      this.scanner.reset();
      this.resync = true;
      return;
    }
    let e = end;
    if (e > start && buf[e - 1] === 0x0d) e--;
    let text = buf.toString('utf8', start, e);
    if (lineNo === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1); // BOM
    this.text(text, lineNo, offset);
  }

  private text(text: string, lineNo: number, offset: number): void {
    if (this.scanner.active) {
      this.scan(text, lineNo, offset, 0);
      return;
    }
    const i = firstNonSpace(text);
    if (i === -1) return;
    const c = text.charCodeAt(i);
    if (this.resync) {
      if (i !== 0 || (c !== 0x7b && c !== 0x5b)) {
        if (this.skipping === undefined) this.skipping = { line: lineNo, offset, count: 0 };
        this.skipping.count++;
        this.skippedLines++;
        return;
      }
      this.endResync();
    }
    if (c !== 0x7b && c !== 0x5b) {
      this.report({
        severity: 'warning',
        code: 'not-json',
        file: this.file,
        line: lineNo,
        offset,
        message: 'not JSON (an audit log line must be a JSON object)',
      });
      return;
    }
    let v: unknown;
    try {
      v = JSON.parse(text);
    } catch {
      // Not a complete value on its own: the start of a document of several lines, or broken.
      this.scan(text, lineNo, offset, i);
      return;
    }
    this.emitTop(v, { file: this.file, line: lineNo, offset });
  }

  private scan(text: string, lineNo: number, offset: number, start: number): void {
    try {
      this.scanner.feed(text, lineNo, offset, start);
    } catch (err) {
      if (!(err instanceof ScanError)) throw err;
      const pos = this.scanner.docPos ?? { file: this.file, line: lineNo, offset };
      const i = firstNonSpace(text);
      const c = text.charCodeAt(i);
      this.scanner.reset();
      if (err.atLineStart && i === 0 && (c === 0x7b || c === 0x5b) && pos.line !== lineNo) {
        // The document before was cut short and a new one starts here: read this line afresh.
        this.scanner.problemAt(
          pos,
          `not valid JSON: the document is cut short (a new one starts at line ${lineNo})`,
        );
        this.text(text, lineNo, offset);
        return;
      }
      if (err.tooLarge)
        this.report({
          severity: 'warning',
          code: 'too-large',
          file: this.file,
          line: pos.line,
          offset: pos.offset,
          message: `${err.message} (${mib(this.maxLineBytes)}); skipped`,
        });
      else
        this.scanner.problemAt(
          pos,
          `not valid JSON: ${err.message}${pos.line !== lineNo ? ` (document from line ${pos.line})` : ''}; skipping to the next line that starts with { or [`,
        );
      this.resync = true;
    }
  }

  private endResync(): void {
    this.resync = false;
    const sk = this.skipping;
    if (!sk) return;
    this.skipping = undefined;
    this.report({
      severity: 'warning',
      code: 'not-json',
      file: this.file,
      line: sk.line,
      offset: sk.offset,
      message: `${sk.count === 1 ? '1 line' : `${sk.count} lines`} skipped (to line ${sk.line + sk.count - 1}) after the broken document, up to the next line that starts with { or [ in column 0`,
    });
  }

  /** A complete top-level value: an event, an EventList or a JSON array of events. */
  private emitTop(v: unknown, pos: ValuePosition): void {
    if (Array.isArray(v)) {
      for (let k = 0; k < v.length; k++) this.emit(v[k], { ...pos, item: k });
      return;
    }
    if (isRecord(v) && isEventList(v)) {
      const items = v.items as unknown[];
      for (let k = 0; k < items.length; k++) this.emit(items[k], { ...pos, item: k });
      return;
    }
    this.emit(v, pos);
  }
}
