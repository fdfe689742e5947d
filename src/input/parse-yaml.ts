/**
 * Parses a YAML (or JSON) stream into documents, the way kubectl reads a manifest file,
 * keeping the source position of every node.
 *
 * - The stream is split at `---` lines first, so a syntax error costs one document,
 *   never the file.
 * - Scalars are resolved with YAML 1.1 rules (see yaml11-schema.ts).
 * - Duplicate keys are reported; the last value wins, as in the API server's JSON decoding.
 * - Hostile input is bounded: nesting depth, alias expansion (billion laughs) and
 *   self-referencing aliases are rejected per document with a clear message.
 */
import yaml from 'js-yaml';
import { setPositions } from './positions.js';
import { K8S_YAML_SCHEMA } from './yaml11-schema.js';

export interface ParsedDocument {
  /** 0-based index of the document in the stream. */
  index: number;
  value: unknown;
  /** 1-based line and column of the document's first node. */
  line: number;
  column: number;
  /** Helm's `# Source: chart/templates/x.yaml` comment above the document, if any. */
  helmSource?: string;
}

export type ParseProblemCode = 'yaml-syntax' | 'duplicate-key' | 'too-deep' | 'excessive-aliasing';

export interface ParseProblem {
  code: ParseProblemCode;
  /** 'error': the document was not analysed; 'warning': it was, with the stated caveat. */
  severity: 'error' | 'warning';
  message: string;
  line: number;
  column: number;
  documentIndex: number;
}

export interface ParseOptions {
  /** Maximum nesting depth of a document (the API server's own limit is far above real manifests). */
  maxDepth?: number;
  /** Maximum number of nodes a document may expand to through aliases. */
  maxExpandedNodes?: number;
}

const DEFAULT_MAX_DEPTH = 512;
const DEFAULT_MAX_EXPANDED = 2_000_000;

interface Chunk {
  text: string;
  /** 0-based line of the chunk's first line in the file. */
  line: number;
}

/** A line that starts a new document: `---` followed by whitespace or the end of the line. */
const DOC_START = /^---(?=[ \t\r\n]|$)/gm;

/** Splits a stream at document-start markers. YAML forbids `---` at column 0 inside any scalar. */
export function splitDocuments(text: string): Chunk[] {
  const chunks: Chunk[] = [];
  let start = 0;
  let startLine = 0;
  let lineCursor = 0;
  let lineCount = 0;
  const countLines = (from: number, to: number): number => {
    let n = 0;
    let i = text.indexOf('\n', from);
    while (i !== -1 && i < to) {
      n++;
      i = text.indexOf('\n', i + 1);
    }
    return n;
  };
  DOC_START.lastIndex = 0;
  for (let m = DOC_START.exec(text); m !== null; m = DOC_START.exec(text)) {
    if (m.index === 0) continue;
    lineCount += countLines(lineCursor, m.index);
    lineCursor = m.index;
    chunks.push({ text: text.slice(start, m.index), line: startLine });
    start = m.index;
    startLine = lineCount;
  }
  chunks.push({ text: text.slice(start), line: startLine });
  return chunks;
}

const HELM_SOURCE = /^#\s*Source:\s*(\S.*?)\s*$/m;

function helmSourceOf(chunkText: string): string | undefined {
  if (!chunkText.includes('# Source:', 0) || chunkText.indexOf('# Source:') > 2048) return undefined;
  // Only comments before the first content line count.
  const head = chunkText.slice(0, 2048);
  for (const raw of head.split('\n')) {
    const line = raw.trim();
    if (line === '' || line === '---' || line.startsWith('--- ')) continue;
    if (!line.startsWith('#')) break;
    const m = HELM_SOURCE.exec(line);
    if (m) return m[1];
  }
  return undefined;
}

const INTERN_MAX_LENGTH = 64;
const INTERN_MAX_ENTRIES = 100_000;
const interned = new Map<string, string>();

function sameValue(a: unknown, b: unknown): boolean {
  return Object.is(a, b) || a === b;
}

/**
 * A js-yaml listener that records, for every mapping, the position of each key and,
 * for every sequence, the position of each item. js-yaml reports `open` when it starts
 * composing a node and `close` when done; the children of a mapping are its keys and
 * values in order (plus, rarely, a failed key attempt with a null result, which the
 * matching below skips).
 *
 * Hot path (every node of every document): no allocation per node. Open frames live in
 * parallel stacks; closed children are appended to one flat buffer as (position, value)
 * pairs and consumed when their parent closes.
 */
function positionListener(lineOffset: number, roots: number[]) {
  const framePos: number[] = [];
  const frameKidStart: number[] = [];
  const kids: unknown[] = [];
  let top = 0;
  let depth = 0;
  return (event: string, state: { position: number; line: number; lineStart: number; result: unknown }) => {
    if (event === 'open') {
      framePos[depth] =
        (lineOffset + state.line) * 2 ** 21 + Math.min(state.position - state.lineStart, 2 ** 21 - 1);
      frameKidStart[depth] = top;
      depth++;
      return;
    }
    depth--;
    const packed = framePos[depth]!;
    const start = frameKidStart[depth]!;
    let result = state.result;
    if (typeof result === 'string' && result.length <= INTERN_MAX_LENGTH) {
      // Repeated short scalars (kinds, label values, image names) become one string: fewer
      // objects to keep, and to copy in garbage collection, at 100k objects.
      const known = interned.get(result);
      if (known !== undefined) state.result = result = known;
      else if (interned.size < INTERN_MAX_ENTRIES) interned.set(result, result);
    }
    const end = top;
    if (end > start && typeof result === 'object' && result !== null) {
      if (Array.isArray(result)) {
        const table: number[] = new Array(result.length);
        let j = 0;
        for (let i = start; i < end && j < result.length; i += 2) {
          for (let t = j; t < result.length; t++) {
            if (sameValue(result[t], kids[i + 1])) {
              table[t] = kids[i] as number;
              j = t + 1;
              break;
            }
          }
        }
        setPositions(result, table);
      } else {
        const table: Record<string, number> = {};
        const obj = result as Record<string, unknown>;
        // kids = [pos0, result0, pos1, result1, ...]: a key is a scalar kid whose next kid is its value.
        for (let i = start; i + 3 < end; i += 2) {
          const k = kids[i + 1];
          if (typeof k !== 'string' && typeof k !== 'number' && typeof k !== 'boolean') continue;
          const key = String(k);
          if (Object.hasOwn(obj, key) && sameValue(obj[key], kids[i + 3])) {
            table[key] = kids[i] as number;
            i += 2;
          }
        }
        setPositions(result, table);
      }
    }
    top = start;
    if (depth > 0) {
      kids[top++] = packed;
      kids[top++] = result;
    } else roots.push(packed);
  };
}

/** Counts nodes after alias expansion; throws on self-reference or when over the limit. */
function checkAliasExpansion(root: unknown, limit: number): void {
  const memo = new Map<object, number>();
  const active = new Set<object>();
  const size = (node: unknown): number => {
    if (typeof node !== 'object' || node === null) return 1;
    const cached = memo.get(node);
    if (cached !== undefined) return cached;
    if (active.has(node)) throw new AliasError('a YAML alias refers to a node that contains it');
    active.add(node);
    let n = 1;
    for (const child of Object.values(node)) {
      n += size(child);
      if (n > limit)
        throw new AliasError(`excessive aliasing: the document expands to more than ${limit} nodes`);
    }
    active.delete(node);
    memo.set(node, n);
    return n;
  };
  size(root);
}

class AliasError extends Error {}

function parseChunk(
  chunk: Chunk,
  firstIndex: number,
  opts: Required<ParseOptions>,
  problems: ParseProblem[],
): { docs: ParsedDocument[]; consumed: number } {
  const helmSource = helmSourceOf(chunk.text);
  const load = (json: boolean) => {
    const roots: number[] = [];
    const values: unknown[] = [];
    yaml.loadAll(chunk.text, (doc) => values.push(doc), {
      schema: K8S_YAML_SCHEMA,
      json,
      maxDepth: opts.maxDepth,
      listener: positionListener(chunk.line, roots),
    } as yaml.LoadOptions);
    return { values, roots };
  };
  const problemAt = (
    code: ParseProblemCode,
    severity: 'error' | 'warning',
    message: string,
    line: number,
    column: number,
  ) => problems.push({ code, severity, message, line, column, documentIndex: firstIndex });
  let loaded: { values: unknown[]; roots: number[] };
  try {
    loaded = load(false);
  } catch (err) {
    if (err instanceof yaml.YAMLException && err.reason === 'duplicated mapping key') {
      const mark = err.mark;
      problemAt(
        'duplicate-key',
        'warning',
        'duplicate mapping key; the last value is used, as the API server does (kubectl --validate=strict rejects it)',
        chunk.line + (mark?.line ?? 0) + 1,
        (mark?.column ?? 0) + 1,
      );
      try {
        loaded = load(true);
      } catch (err2) {
        reportLoadError(err2, chunk, problemAt);
        return { docs: [], consumed: 1 };
      }
    } else {
      reportLoadError(err, chunk, problemAt);
      return { docs: [], consumed: 1 };
    }
  }
  const docs: ParsedDocument[] = [];
  const mayAlias = chunk.text.includes('*') && chunk.text.includes('&');
  loaded.values.forEach((value, i) => {
    if (mayAlias) {
      try {
        checkAliasExpansion(value, opts.maxExpandedNodes);
      } catch (err) {
        if (!(err instanceof AliasError)) throw err;
        problemAt('excessive-aliasing', 'error', err.message, chunk.line + 1, 1);
        return;
      }
    }
    const packed = loaded.roots[i];
    const line = packed === undefined ? chunk.line : Math.floor(packed / 2 ** 21);
    const column = packed === undefined ? 0 : packed % 2 ** 21;
    const doc: ParsedDocument = { index: firstIndex + i, value, line: line + 1, column: column + 1 };
    if (helmSource !== undefined) doc.helmSource = helmSource;
    docs.push(doc);
  });
  return { docs, consumed: loaded.values.length };
}

function reportLoadError(
  err: unknown,
  chunk: Chunk,
  problemAt: (code: ParseProblemCode, s: 'error' | 'warning', m: string, l: number, c: number) => void,
): void {
  if (err instanceof yaml.YAMLException) {
    const mark = err.mark;
    const line = chunk.line + (mark?.line ?? 0) + 1;
    const column = (mark?.column ?? 0) + 1;
    if (err.reason?.startsWith('nesting exceeded maxDepth')) {
      problemAt('too-deep', 'error', `document nesting is too deep (${err.reason})`, line, column);
    } else {
      problemAt('yaml-syntax', 'error', `YAML syntax error: ${err.reason ?? err.message}`, line, column);
    }
    return;
  }
  if (err instanceof RangeError) {
    problemAt('too-deep', 'error', 'document nesting is too deep to analyse', chunk.line + 1, 1);
    return;
  }
  throw err;
}

/** Parses every document of a stream; problems are collected, never thrown. */
export function parseYamlStream(
  text: string,
  options: ParseOptions = {},
): { documents: ParsedDocument[]; problems: ParseProblem[] } {
  const opts: Required<ParseOptions> = {
    maxDepth: options.maxDepth ?? DEFAULT_MAX_DEPTH,
    maxExpandedNodes: options.maxExpandedNodes ?? DEFAULT_MAX_EXPANDED,
  };
  const problems: ParseProblem[] = [];
  const documents: ParsedDocument[] = [];
  let index = 0;
  for (const chunk of splitDocuments(text)) {
    const { docs, consumed } = parseChunk(chunk, index, opts, problems);
    for (const d of docs) documents.push(d);
    index += consumed;
  }
  return { documents, problems };
}
