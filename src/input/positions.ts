/**
 * Source positions of parsed YAML/JSON nodes, kept beside the data without changing it.
 *
 * Each parsed mapping carries (under a symbol, invisible to JSON and Object.keys) the
 * position of every key; each sequence the position of every item. A position is packed
 * into one number (line * 2^21 + column, both 0-based) to keep 100k-object inventories small.
 */
import type { JsonPath } from '../model/types.js';

export const POSITIONS: unique symbol = Symbol('kzt.positions');

const COL_BITS = 2 ** 21;

export function packPosition(line: number, column: number): number {
  return line * COL_BITS + Math.min(column, COL_BITS - 1);
}

/** The 1-based line of a packed position. */
export function packedLine(packed: number): number {
  return Math.floor(packed / COL_BITS) + 1;
}

/** The 1-based column of a packed position. */
export function packedColumn(packed: number): number {
  return (packed % COL_BITS) + 1;
}

type Positioned = { [POSITIONS]?: Record<string, number> | number[] };

/** One descriptor, reused: setPositions runs for every node of every document. */
const DESCRIPTOR: PropertyDescriptor = {
  value: undefined,
  enumerable: false,
  writable: true,
  configurable: true,
};

/**
 * A non-enumerable symbol-keyed property: invisible to JSON.stringify, Object.keys,
 * for..in, spreads and deep equality, so a parsed object is exactly the manifest's data.
 * (Measured: a WeakMap is slower, its entries being GC ephemerons; position arrays in
 * key order instead of tables by key were 8% slower and no smaller.)
 */
export function setPositions(node: object, table: Record<string, number> | number[]): void {
  if (collector !== undefined) {
    collector.nodes.push(node);
    collector.tables.push(table);
  }
  DESCRIPTOR.value = table;
  Object.defineProperty(node, POSITIONS, DESCRIPTOR);
  DESCRIPTOR.value = undefined;
}

/**
 * Positions recorded since the last take, as parallel lists of nodes and their tables.
 * A parse worker sends these with the documents: a structured clone drops symbol-keyed
 * properties but keeps object identity within one message, so the receiver re-attaches
 * each table to the clone of its node (attachPositions).
 */
export interface PositionRecord {
  nodes: object[];
  tables: Array<Record<string, number> | number[]>;
}

let collector: PositionRecord | undefined;

/** From now on, record every setPositions (in a parse worker). */
export function recordPositions(): void {
  collector = { nodes: [], tables: [] };
}

/** The positions recorded since recordPositions or the last take. */
export function takePositions(): PositionRecord {
  const taken = collector ?? { nodes: [], tables: [] };
  if (collector) collector = { nodes: [], tables: [] };
  return taken;
}

export function attachPositions(record: PositionRecord): void {
  const { nodes, tables } = record;
  for (let i = 0; i < nodes.length; i++) setPositions(nodes[i]!, tables[i]!);
}

export function getPositions(node: unknown): Record<string, number> | number[] | undefined {
  return typeof node === 'object' && node !== null ? (node as Positioned)[POSITIONS] : undefined;
}

/**
 * The packed position of the deepest node along `path` that exists in the source
 * (a key that is absent, e.g. a securityContext that was never written, resolves to
 * its nearest ancestor). Returns undefined when nothing along the path has a position.
 */
export function locatePath(root: unknown, path: JsonPath): number | undefined {
  let node: unknown = root;
  let found: number | undefined;
  for (const seg of path) {
    if (typeof node !== 'object' || node === null) break;
    const table = (node as Positioned)[POSITIONS];
    if (table !== undefined) {
      // A table's own entries are numbers; anything else read here (an inherited
      // "constructor", a string index into a sequence's table) is not a position.
      const p: unknown = (table as Record<string | number, unknown>)[seg];
      if (typeof p === 'number') found = p;
    }
    node = (node as Record<string | number, unknown>)[seg];
  }
  return found;
}
