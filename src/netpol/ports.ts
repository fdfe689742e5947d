/**
 * Connection sets: for each L4 protocol NetworkPolicy defines (TCP, UDP, SCTP), the set
 * of destination ports, as interval sets over 1..65535. "All connections" is every port
 * of the three protocols; ICMP and other protocols are outside what NetworkPolicy defines
 * and are not modelled.
 *
 * The engine handles millions of cells, so connection sets are interned in a
 * `ConnTable`: equal sets get one small integer id, and union/intersection/difference
 * are memoized on ids.
 */
import {
  EMPTY_SET,
  equals,
  type IntervalSet,
  intersect,
  intervalsOf,
  isEmpty,
  range,
  subtract,
  union,
} from './intervals.js';

export const PROTOCOLS = ['TCP', 'UDP', 'SCTP'] as const;
export type Protocol = (typeof PROTOCOLS)[number];
/** The order in which the reference output prints protocols. */
export const PRINT_ORDER: readonly Protocol[] = ['SCTP', 'TCP', 'UDP'];

export const MIN_PORT = 1;
export const MAX_PORT = 65535;
export const ALL_PORTS: IntervalSet = range(MIN_PORT, MAX_PORT);

export function isProtocol(v: unknown): v is Protocol {
  return v === 'TCP' || v === 'UDP' || v === 'SCTP';
}

export interface ConnSet {
  readonly TCP: IntervalSet;
  readonly UDP: IntervalSet;
  readonly SCTP: IntervalSet;
}

export const NO_CONNS: ConnSet = Object.freeze({ TCP: EMPTY_SET, UDP: EMPTY_SET, SCTP: EMPTY_SET });
export const ALL_CONNS: ConnSet = Object.freeze({ TCP: ALL_PORTS, UDP: ALL_PORTS, SCTP: ALL_PORTS });

export function connOf(protocol: Protocol, ports: IntervalSet): ConnSet {
  return { ...NO_CONNS, [protocol]: intersect(ports, ALL_PORTS) };
}

export function connUnion(a: ConnSet, b: ConnSet): ConnSet {
  return { TCP: union(a.TCP, b.TCP), UDP: union(a.UDP, b.UDP), SCTP: union(a.SCTP, b.SCTP) };
}
export function connIntersect(a: ConnSet, b: ConnSet): ConnSet {
  return { TCP: intersect(a.TCP, b.TCP), UDP: intersect(a.UDP, b.UDP), SCTP: intersect(a.SCTP, b.SCTP) };
}
export function connSubtract(a: ConnSet, b: ConnSet): ConnSet {
  return { TCP: subtract(a.TCP, b.TCP), UDP: subtract(a.UDP, b.UDP), SCTP: subtract(a.SCTP, b.SCTP) };
}
export function connIsEmpty(a: ConnSet): boolean {
  return isEmpty(a.TCP) && isEmpty(a.UDP) && isEmpty(a.SCTP);
}
export function connEquals(a: ConnSet, b: ConnSet): boolean {
  return equals(a.TCP, b.TCP) && equals(a.UDP, b.UDP) && equals(a.SCTP, b.SCTP);
}
export function connIsAll(a: ConnSet): boolean {
  return connEquals(a, ALL_CONNS);
}
export function connHas(a: ConnSet, protocol: Protocol, port: number): boolean {
  const s = a[protocol];
  for (let i = 0; i < s.length; i += 2) if (port >= s[i]! && port <= s[i + 1]!) return true;
  return false;
}

/** "80", "1-79,81-65535" */
export function formatPorts(s: IntervalSet): string {
  return intervalsOf(s)
    .map(([a, b]) => (a === b ? `${a}` : `${a}-${b}`))
    .join(',');
}

/**
 * The reference analyzer's notation: "All Connections", "No Connections", or per
 * protocol in SCTP, TCP, UDP order: "TCP 80,UDP 53", "SCTP 1-65535,TCP 1-79,81-65535".
 */
export function formatConn(c: ConnSet): string {
  if (connIsAll(c)) return 'All Connections';
  if (connIsEmpty(c)) return 'No Connections';
  const parts: string[] = [];
  for (const p of PRINT_ORDER) if (!isEmpty(c[p])) parts.push(`${p} ${formatPorts(c[p])}`);
  return parts.join(',');
}

/** Interned connection sets with memoized set operations. Id 0 is the empty set, id 1 all connections. */
export class ConnTable {
  static readonly EMPTY = 0;
  static readonly ALL = 1;
  private readonly sets: ConnSet[] = [];
  private readonly byKey = new Map<string, number>();
  private readonly unionMemo = new Map<number, number>();
  private readonly interMemo = new Map<number, number>();
  private readonly subMemo = new Map<number, number>();

  constructor() {
    this.id(NO_CONNS);
    this.id(ALL_CONNS);
  }

  get size(): number {
    return this.sets.length;
  }

  id(c: ConnSet): number {
    const key = `${c.TCP.join(',')}|${c.UDP.join(',')}|${c.SCTP.join(',')}`;
    let id = this.byKey.get(key);
    if (id === undefined) {
      id = this.sets.length;
      this.sets.push(c);
      this.byKey.set(key, id);
    }
    return id;
  }

  get(id: number): ConnSet {
    return this.sets[id]!;
  }

  // Keys combine two ids into one number; ids stay far below 2^26 in practice.
  union(a: number, b: number): number {
    if (a === b || b === 0) return a;
    if (a === 0) return b;
    if (a === 1 || b === 1) return 1;
    const key = a < b ? a * 67108864 + b : b * 67108864 + a;
    let r = this.unionMemo.get(key);
    if (r === undefined) {
      r = this.id(connUnion(this.get(a), this.get(b)));
      this.unionMemo.set(key, r);
    }
    return r;
  }

  intersect(a: number, b: number): number {
    if (a === b || b === 1) return a;
    if (a === 1) return b;
    if (a === 0 || b === 0) return 0;
    const key = a < b ? a * 67108864 + b : b * 67108864 + a;
    let r = this.interMemo.get(key);
    if (r === undefined) {
      r = this.id(connIntersect(this.get(a), this.get(b)));
      this.interMemo.set(key, r);
    }
    return r;
  }

  /** a \ b */
  subtract(a: number, b: number): number {
    if (a === 0 || b === 0) return a;
    if (a === b || b === 1) return 0;
    const key = a * 67108864 + b;
    let r = this.subMemo.get(key);
    if (r === undefined) {
      r = this.id(connSubtract(this.get(a), this.get(b)));
      this.subMemo.set(key, r);
    }
    return r;
  }
}

function canonical(c: ConnSet): ConnSet {
  if (connIsEmpty(c)) return NO_CONNS;
  if (connIsAll(c)) return ALL_CONNS;
  return c;
}

/** Set algebra over plain connection sets; empty results are always the NO_CONNS object. */
export const CONN_SET_ALGEBRA = {
  empty: NO_CONNS,
  all: ALL_CONNS,
  union: (a: ConnSet, b: ConnSet) => canonical(connUnion(a, b)),
  intersect: (a: ConnSet, b: ConnSet) => canonical(connIntersect(a, b)),
  subtract: (a: ConnSet, b: ConnSet) => canonical(connSubtract(a, b)),
} as const;

/** Set algebra over the ids of a ConnTable. */
export function idAlgebra(t: ConnTable) {
  return {
    empty: ConnTable.EMPTY,
    all: ConnTable.ALL,
    union: (a: number, b: number) => t.union(a, b),
    intersect: (a: number, b: number) => t.intersect(a, b),
    subtract: (a: number, b: number) => t.subtract(a, b),
  };
}
