/**
 * networking.k8s.io/v1 NetworkPolicy, parsed into a form the evaluators share.
 *
 * Semantics (kubernetes.io/docs/concepts/services-networking/network-policies):
 * - A policy isolates the pods its podSelector selects (in its namespace) for each
 *   direction in policyTypes. policyTypes defaults (API server) to Ingress, plus Egress
 *   when the policy has egress rules; an empty list is defaulted the same way.
 * - `ingress`/`egress` absent, null or [] under an isolated direction: nothing allowed.
 *   `[{}]`: everything allowed.
 * - A rule's `from`/`to` absent or []: every peer, pods and external IPs alike.
 *   Its `ports` absent or []: every port of every protocol.
 * - Peers are ORed; namespaceSelector and podSelector in one peer are ANDed.
 * - ipBlock: cidr minus every except. IPv6 blocks are not modelled (warning).
 * - A peer the API server would reject (no field set, ipBlock combined with a selector,
 *   a bad CIDR or selector) matches nothing, with a warning.
 */
import type { Selector } from '../model/selectors.js';
import { asArray, isRecord, type JsonPath, type Resource } from '../model/types.js';
import { Interner } from './intern.js';
import { type IntervalSet, subtract } from './intervals.js';
import { parseCidr } from './ip.js';
import { hasNamedPorts, type PortList, parseNetworkPolicyPorts } from './port-spec.js';
import { MATCH_NONE, type PodSelection, parseSelectorField } from './selection.js';
import type { WarningSink } from './warnings.js';

export type Direction = 'ingress' | 'egress';

export type NpPeer =
  | { readonly kind: 'pods'; readonly index: number; readonly selection: PodSelection }
  | { readonly kind: 'ipBlock'; readonly index: number; readonly set: IntervalSet; readonly text: string }
  | { readonly kind: 'none'; readonly index: number };

export interface NpRule {
  readonly direction: Direction;
  /** 0-based position in spec.ingress / spec.egress. */
  readonly index: number;
  /** null: every peer (no from/to, or an empty list), pods and IPs. */
  readonly peers: readonly NpPeer[] | null;
  readonly ports: PortList;
  readonly path: JsonPath;
}

export interface CompiledNetworkPolicy {
  readonly kind: 'NetworkPolicy';
  readonly resource: Resource;
  readonly namespace: string;
  readonly name: string;
  readonly podSelector: Selector;
  readonly isolatesIngress: boolean;
  readonly isolatesEgress: boolean;
  readonly ingress: readonly NpRule[];
  readonly egress: readonly NpRule[];
}

/** Parses an ipBlock; undefined when it cannot match anything (reported). */
export function parseIpBlock(
  raw: unknown,
  resource: Resource,
  path: JsonPath,
  sink: WarningSink,
): { set: IntervalSet; text: string } | undefined {
  if (!isRecord(raw)) {
    sink.at(
      resource,
      path,
      'invalid-cidr',
      'ipBlock must be an object with a cidr; the peer matches nothing',
    );
    return undefined;
  }
  const cidr = parseCidr(raw.cidr);
  if (!cidr.ok) {
    sink.at(resource, [...path, 'cidr'], 'invalid-cidr', `${cidr.error}; the peer matches nothing`);
    return undefined;
  }
  if (cidr.family === 6) {
    sink.at(
      resource,
      [...path, 'cidr'],
      'ipv6-ignored',
      `IPv6 ipBlock ${String(raw.cidr)} is not analysed (IPv4 only); the peer matches nothing`,
    );
    return undefined;
  }
  let set = cidr.set;
  const excepts: string[] = [];
  asArray(raw.except).forEach((e, i) => {
    const ex = parseCidr(e);
    const at = [...path, 'except', i];
    if (!ex.ok) {
      sink.at(resource, at, 'invalid-cidr', `except ${ex.error}; ignored`);
      return;
    }
    if (ex.family === 6) {
      sink.at(resource, at, 'invalid-except', `except ${String(e)} is IPv6 inside an IPv4 cidr; ignored`);
      return;
    }
    if (ex.first < cidr.first || ex.last > cidr.last || (ex.first === cidr.first && ex.last === cidr.last)) {
      sink.at(
        resource,
        at,
        'invalid-except',
        `except ${String(e)} is not strictly inside cidr ${String(raw.cidr)} (the API server rejects this); it is still subtracted`,
      );
    }
    set = subtract(set, ex.set);
    excepts.push(String(e));
  });
  const text = excepts.length ? `${String(raw.cidr)} except ${excepts.join(', ')}` : String(raw.cidr);
  return { set, text };
}

/** A selector field, shared with equal ones already compiled. */
function selectorField(
  raw: unknown,
  resource: Resource,
  path: JsonPath,
  sink: WarningSink,
  shared: Interner,
): Selector | undefined {
  return shared.share('selector', '', raw, sink, () => parseSelectorField(raw, resource, path, sink));
}

function parsePeers(
  raw: unknown,
  policyNamespace: string,
  resource: Resource,
  path: JsonPath,
  sink: WarningSink,
  shared: Interner,
): NpPeer[] | null {
  if (raw === undefined || raw === null) return null;
  if (!Array.isArray(raw)) {
    sink.at(resource, path, 'empty-peer', 'peers must be a list; the rule matches no peer');
    return [{ kind: 'none', index: 0 }];
  }
  if (raw.length === 0) return null;
  return raw.map((p, index): NpPeer => {
    const at = [...path, index];
    if (!isRecord(p)) {
      sink.at(resource, at, 'empty-peer', 'a peer must be an object; it matches nothing');
      return { kind: 'none', index };
    }
    const has = (k: string) => p[k] !== undefined && p[k] !== null;
    if (has('ipBlock')) {
      if (has('podSelector') || has('namespaceSelector')) {
        sink.at(
          resource,
          at,
          'empty-peer',
          'a peer may not set ipBlock together with podSelector or namespaceSelector (the API server rejects this); it matches nothing',
        );
        return { kind: 'none', index };
      }
      const b = parseIpBlock(p.ipBlock, resource, [...at, 'ipBlock'], sink);
      return b ? { kind: 'ipBlock', index, ...b } : { kind: 'none', index };
    }
    if (!has('podSelector') && !has('namespaceSelector')) {
      sink.at(
        resource,
        at,
        'empty-peer',
        'a peer must set podSelector, namespaceSelector or ipBlock (the API server rejects an empty peer); it matches nothing',
      );
      return { kind: 'none', index };
    }
    const pods = has('podSelector')
      ? (selectorField(p.podSelector, resource, [...at, 'podSelector'], sink, shared) ?? MATCH_NONE)
      : { requirements: [], matchesAll: true };
    const selection: PodSelection = has('namespaceSelector')
      ? {
          namespaces: {
            kind: 'selector',
            selector:
              selectorField(p.namespaceSelector, resource, [...at, 'namespaceSelector'], sink, shared) ??
              MATCH_NONE,
          },
          pods,
        }
      : { namespaces: { kind: 'name', name: policyNamespace }, pods };
    return { kind: 'pods', index, selection };
  });
}

const NO_RULES: readonly NpRule[] = Object.freeze([]) as readonly NpRule[];

/**
 * Compiles one NetworkPolicy. Policies compiled with one `shared` interner share equal
 * rule lists and selectors (intern.ts).
 */
export function compileNetworkPolicy(
  resource: Resource,
  sink: WarningSink,
  shared: Interner = new Interner(),
): CompiledNetworkPolicy {
  const namespace = resource.ref.namespace ?? 'default';
  const spec = isRecord(resource.object.spec) ? resource.object.spec : {};
  if (!isRecord(resource.object.spec))
    sink.at(
      resource,
      ['spec'],
      'invalid-rule',
      'spec is missing or not an object; the policy selects nothing',
    );
  const podSelector = isRecord(resource.object.spec)
    ? (selectorField(spec.podSelector, resource, ['spec', 'podSelector'], sink, shared) ?? MATCH_NONE)
    : MATCH_NONE;

  // policyTypes, defaulted as the API server does (also for an explicit empty list).
  let types: string[] = [];
  const rawTypes = spec.policyTypes;
  if (Array.isArray(rawTypes) && rawTypes.length > 0) {
    rawTypes.forEach((t, i) => {
      if (t === 'Ingress' || t === 'Egress') types.push(t);
      else
        sink.at(
          resource,
          ['spec', 'policyTypes', i],
          'invalid-policy-type',
          `policyTypes entry ${JSON.stringify(t)} is not Ingress or Egress; ignored`,
        );
    });
  } else {
    if (rawTypes !== undefined && rawTypes !== null && !Array.isArray(rawTypes))
      sink.at(
        resource,
        ['spec', 'policyTypes'],
        'invalid-policy-type',
        'policyTypes must be a list; defaulted',
      );
    types = ['Ingress'];
    if (Array.isArray(spec.egress) && spec.egress.length > 0) types.push('Egress');
  }

  // A rule list depends on its direction, its source and (for podSelector-only peers) the namespace.
  const rules = (direction: Direction): readonly NpRule[] =>
    shared.share(
      direction === 'ingress' ? 'rules ingress' : 'rules egress',
      namespace,
      spec[direction],
      sink,
      () => parseRules(direction),
    );
  const parseRules = (direction: Direction): NpRule[] => {
    const key = direction;
    const raw = spec[key];
    if (raw === undefined || raw === null) return [];
    if (!Array.isArray(raw)) {
      sink.at(resource, ['spec', key], 'invalid-rule', `${key} must be a list; no ${key} rule is analysed`);
      return [];
    }
    const peerKey = direction === 'ingress' ? 'from' : 'to';
    return raw.map((r, index): NpRule => {
      const path: JsonPath = ['spec', key, index];
      if (r !== null && r !== undefined && !isRecord(r)) {
        sink.at(resource, path, 'invalid-rule', 'a rule must be an object; it matches nothing');
        return { direction, index, peers: [{ kind: 'none', index: 0 }], ports: null, path };
      }
      const rule = isRecord(r) ? r : {};
      const peers = parsePeers(rule[peerKey], namespace, resource, [...path, peerKey], sink, shared);
      const ports = parseNetworkPolicyPorts(rule.ports, resource, [...path, 'ports'], sink);
      if (
        direction === 'egress' &&
        hasNamedPorts(ports) &&
        peers !== null &&
        peers.length > 0 &&
        peers.every((p) => p.kind !== 'pods')
      ) {
        sink.at(
          resource,
          [...path, 'ports'],
          'named-port-on-ipblock',
          'a named port cannot be resolved for ipBlock destinations; it matches no IP',
        );
      }
      return { direction, index, peers, ports, path };
    });
  };

  const ingress = rules('ingress');
  const egress = rules('egress');
  return {
    kind: 'NetworkPolicy',
    resource,
    namespace,
    name: resource.ref.name,
    podSelector,
    isolatesIngress: types.includes('Ingress'),
    isolatesEgress: types.includes('Egress'),
    ingress: types.includes('Ingress') ? ingress : NO_RULES,
    egress: types.includes('Egress') ? egress : NO_RULES,
  };
}
