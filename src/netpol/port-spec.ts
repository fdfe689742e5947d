/**
 * The `ports` of a policy rule, parsed once, and resolved against a destination.
 *
 * - NetworkPolicy: `{protocol, port, endPort}`; protocol defaults to TCP; no port means
 *   every port of the protocol; endPort makes an inclusive range and needs a numeric
 *   port <= endPort; a named port resolves against the destination pod's container
 *   port with that name *and that protocol*.
 * - AdminNetworkPolicy: `portNumber {protocol, port}`, `portRange {protocol, start, end}`,
 *   `namedPort` (any protocol the destination pod declares for the name).
 * - An absent or empty list matches every port of every protocol.
 * - An entry the API server would reject matches nothing (with a warning), so an
 *   invalid allow never widens what kzt reports.
 * - Named ports never match an IP destination: there is no pod to resolve them on.
 */
import type { JsonPath, Resource } from '../model/types.js';
import { type IntervalSet, range } from './intervals.js';
import {
  ALL_CONNS,
  ALL_PORTS,
  type ConnSet,
  connOf,
  connUnion,
  isProtocol,
  NO_CONNS,
  type Protocol,
} from './ports.js';
import type { WarningSink } from './warnings.js';
import type { ContainerPort } from './workloads.js';

export type PortSpec =
  | { readonly kind: 'numbers'; readonly protocol: Protocol; readonly ports: IntervalSet }
  /** protocol undefined: any protocol (ANP namedPort). */
  | { readonly kind: 'named'; readonly name: string; readonly protocol: Protocol | undefined }
  | { readonly kind: 'none' };

/** null: all ports of all protocols. */
export type PortList = readonly PortSpec[] | null;

export function hasNamedPorts(ports: PortList): boolean {
  return ports?.some((p) => p.kind === 'named') ?? false;
}

/** The connections a port list allows to a destination with these container ports (null: an IP). */
export function resolvePorts(ports: PortList, dst: readonly ContainerPort[] | null): ConnSet {
  if (ports === null) return ALL_CONNS;
  let out = NO_CONNS;
  for (const p of ports) {
    if (p.kind === 'numbers') out = connUnion(out, connOf(p.protocol, p.ports));
    else if (p.kind === 'named' && dst) {
      for (const c of dst) {
        if (c.name === p.name && (p.protocol === undefined || c.protocol === p.protocol))
          out = connUnion(out, connOf(c.protocol, range(c.port, c.port)));
      }
    }
  }
  return out;
}

/** IANA_SVC_NAME, as the API server validates named ports. */
export function isValidPortName(s: string): boolean {
  return (
    s.length >= 1 &&
    s.length <= 15 &&
    /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(s) &&
    !s.includes('--') &&
    /[a-z]/.test(s)
  );
}

const isPortNumber = (v: unknown): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 65535;

/** NetworkPolicy{Ingress,Egress}Rule.ports */
export function parseNetworkPolicyPorts(
  raw: unknown,
  resource: Resource,
  path: JsonPath,
  sink: WarningSink,
): PortList {
  if (raw === undefined || raw === null) return null;
  if (!Array.isArray(raw)) {
    sink.at(resource, path, 'invalid-port', 'ports must be a list; the rule matches no port');
    return [NONE];
  }
  if (raw.length === 0) return null;
  return raw.map((entry, i) => parseNetworkPolicyPort(entry, resource, [...path, i], sink));
}

const NONE: PortSpec = Object.freeze({ kind: 'none' });

function parseNetworkPolicyPort(
  entry: unknown,
  resource: Resource,
  at: JsonPath,
  sink: WarningSink,
): PortSpec {
  const bad = (msg: string): PortSpec => {
    sink.at(resource, at, 'invalid-port', `${msg}; this port entry matches nothing`);
    return NONE;
  };
  if (entry === null || entry === undefined) return { kind: 'numbers', protocol: 'TCP', ports: ALL_PORTS };
  if (typeof entry !== 'object' || Array.isArray(entry)) return bad('a port entry must be an object');
  const e = entry as Record<string, unknown>;
  const protocol = e.protocol ?? 'TCP';
  if (!isProtocol(protocol)) {
    sink.at(
      resource,
      [...at, 'protocol'],
      'unknown-protocol',
      `protocol ${JSON.stringify(protocol)} is not TCP, UDP or SCTP; this port entry matches nothing`,
    );
    return NONE;
  }
  const { port, endPort } = e;
  const hasEnd = endPort !== undefined && endPort !== null;
  if (port === undefined || port === null) {
    if (hasEnd) return bad('endPort requires port');
    return { kind: 'numbers', protocol, ports: ALL_PORTS };
  }
  if (typeof port === 'string') {
    if (hasEnd) return bad(`endPort cannot be used with the named port ${JSON.stringify(port)}`);
    if (!isValidPortName(port))
      return bad(`${JSON.stringify(port)} is neither a port number nor a valid port name`);
    return { kind: 'named', name: port, protocol };
  }
  if (!isPortNumber(port)) return bad(`port ${JSON.stringify(port)} is not a number in 1-65535`);
  if (!hasEnd) return { kind: 'numbers', protocol, ports: range(port, port) };
  if (!isPortNumber(endPort)) return bad(`endPort ${JSON.stringify(endPort)} is not a number in 1-65535`);
  if (endPort < port) return bad(`endPort ${endPort} is less than port ${port}`);
  return { kind: 'numbers', protocol, ports: range(port, endPort) };
}

/** AdminNetworkPolicy / BaselineAdminNetworkPolicy rule `ports` (v1alpha1). */
export function parseAdminPorts(
  raw: unknown,
  resource: Resource,
  path: JsonPath,
  sink: WarningSink,
): PortList {
  if (raw === undefined || raw === null) return null;
  if (!Array.isArray(raw)) {
    sink.at(resource, path, 'invalid-port', 'ports must be a list; the rule matches no port');
    return [NONE];
  }
  if (raw.length === 0) return null;
  return raw.map((entry, i) => parseAdminPort(entry, resource, [...path, i], sink));
}

function parseAdminPort(entry: unknown, resource: Resource, at: JsonPath, sink: WarningSink): PortSpec {
  const bad = (msg: string, sub: JsonPath = []): PortSpec => {
    sink.at(resource, [...at, ...sub], 'invalid-port', `${msg}; this port entry matches nothing`);
    return NONE;
  };
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry))
    return bad('a port entry must be an object');
  const e = entry as Record<string, unknown>;
  const set = ['portNumber', 'namedPort', 'portRange'].filter((k) => e[k] !== undefined && e[k] !== null);
  if (set.length !== 1)
    return bad('a port entry must set exactly one of portNumber, namedPort and portRange');
  if (e.namedPort !== undefined && e.namedPort !== null) {
    if (typeof e.namedPort !== 'string') return bad('namedPort must be a string', ['namedPort']);
    if (!isValidPortName(e.namedPort))
      return bad(`${JSON.stringify(e.namedPort)} is not a valid port name`, ['namedPort']);
    return { kind: 'named', name: e.namedPort, protocol: undefined };
  }
  const sub = e.portNumber !== undefined && e.portNumber !== null ? 'portNumber' : 'portRange';
  const o = e[sub];
  if (typeof o !== 'object' || o === null || Array.isArray(o)) return bad(`${sub} must be an object`, [sub]);
  const r = o as Record<string, unknown>;
  const protocol = r.protocol ?? 'TCP';
  if (!isProtocol(protocol)) {
    sink.at(
      resource,
      [...at, sub, 'protocol'],
      'unknown-protocol',
      `protocol ${JSON.stringify(protocol)} is not TCP, UDP or SCTP; this port entry matches nothing`,
    );
    return NONE;
  }
  if (sub === 'portNumber') {
    if (!isPortNumber(r.port))
      return bad(`port ${JSON.stringify(r.port)} is not a number in 1-65535`, [sub, 'port']);
    return { kind: 'numbers', protocol, ports: range(r.port, r.port) };
  }
  if (!isPortNumber(r.start) || !isPortNumber(r.end))
    return bad('portRange start and end must be numbers in 1-65535', [sub]);
  if (r.end < r.start) return bad(`portRange end ${r.end} is less than start ${r.start}`, [sub]);
  return { kind: 'numbers', protocol, ports: range(r.start, r.end) };
}
