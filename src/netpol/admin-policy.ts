/**
 * policy.networking.k8s.io/v1alpha1 AdminNetworkPolicy (ANP) and
 * BaselineAdminNetworkPolicy (BANP), parsed for the tier evaluation (tiers.ts).
 *
 * - subject: exactly one of `namespaces` (a namespace selector) or
 *   `pods {namespaceSelector, podSelector}`.
 * - ANP rules: action Allow | Deny | Pass; BANP rules: Allow | Deny. Rules are checked
 *   in written order; ANPs in ascending priority (0 first).
 * - Peers: `namespaces`, `pods`, and for egress `networks` (CIDRs) and `nodes`
 *   (not modelled: warned and matches nothing).
 * - No implicit isolation: a policy whose rules do not match decides nothing.
 * - The BANP is a singleton named "default"; another name is warned about (the API
 *   server rejects it) and still analysed.
 * - ANPs with equal priorities whose subjects overlap are ambiguous (implementations
 *   may apply either): warned; kzt orders them by name.
 */
import type { Selector } from '../model/selectors.js';
import { isRecord, type JsonPath, type Resource } from '../model/types.js';
import { type IntervalSet, union } from './intervals.js';
import { parseCidr } from './ip.js';
import type { Direction } from './network-policy.js';
import { hasNamedPorts, type PortList, parseAdminPorts } from './port-spec.js';
import { MATCH_ALL, MATCH_NONE, type PodSelection, parseSelectorField } from './selection.js';
import type { WarningSink } from './warnings.js';

export type AdminAction = 'Allow' | 'Deny' | 'Pass';

export type AdminPeer =
  | { readonly kind: 'pods'; readonly index: number; readonly selection: PodSelection }
  | { readonly kind: 'networks'; readonly index: number; readonly set: IntervalSet; readonly text: string }
  | { readonly kind: 'none'; readonly index: number };

export interface AdminRule {
  readonly direction: Direction;
  readonly index: number;
  readonly name: string;
  readonly action: AdminAction;
  readonly peers: readonly AdminPeer[];
  readonly ports: PortList;
  readonly path: JsonPath;
}

export interface CompiledAdminPolicy {
  readonly kind: 'AdminNetworkPolicy' | 'BaselineAdminNetworkPolicy';
  readonly resource: Resource;
  readonly name: string;
  /** ANP priority; BANP: Infinity. */
  readonly priority: number;
  readonly subject: PodSelection;
  readonly ingress: readonly AdminRule[];
  readonly egress: readonly AdminRule[];
}

function parseSelection(
  raw: unknown,
  resource: Resource,
  path: JsonPath,
  sink: WarningSink,
  what: string,
): PodSelection | undefined {
  if (!isRecord(raw)) {
    sink.at(resource, path, 'empty-peer', `${what} must be an object; it matches nothing`);
    return undefined;
  }
  const has = (k: string) => raw[k] !== undefined && raw[k] !== null;
  const set = ['namespaces', 'pods'].filter(has);
  if (set.length !== 1) {
    sink.at(
      resource,
      path,
      'empty-peer',
      `${what} must set exactly one of namespaces and pods; it matches nothing`,
    );
    return undefined;
  }
  if (has('namespaces')) {
    const ns = parseSelectorField(raw.namespaces, resource, [...path, 'namespaces'], sink);
    return ns ? { namespaces: { kind: 'selector', selector: ns }, pods: MATCH_ALL } : undefined;
  }
  const pods = raw.pods;
  if (!isRecord(pods)) {
    sink.at(resource, [...path, 'pods'], 'empty-peer', 'pods must be an object; it matches nothing');
    return undefined;
  }
  const nsSel: Selector | undefined = parseSelectorField(
    pods.namespaceSelector,
    resource,
    [...path, 'pods', 'namespaceSelector'],
    sink,
  );
  const podSel = parseSelectorField(pods.podSelector, resource, [...path, 'pods', 'podSelector'], sink);
  if (!nsSel || !podSel) return undefined;
  return { namespaces: { kind: 'selector', selector: nsSel }, pods: podSel };
}

function parseNetworks(
  raw: unknown,
  resource: Resource,
  path: JsonPath,
  sink: WarningSink,
): { set: IntervalSet; text: string } | undefined {
  if (!Array.isArray(raw) || raw.length === 0) {
    sink.at(
      resource,
      path,
      'invalid-cidr',
      'networks must be a non-empty list of CIDRs; the peer matches nothing',
    );
    return undefined;
  }
  let set: IntervalSet = [];
  const texts: string[] = [];
  raw.forEach((c, i) => {
    const p = parseCidr(c);
    if (!p.ok) {
      sink.at(resource, [...path, i], 'invalid-cidr', `${p.error}; ignored`);
      return;
    }
    if (p.family === 6) {
      sink.at(
        resource,
        [...path, i],
        'ipv6-ignored',
        `IPv6 network ${String(c)} is not analysed (IPv4 only); ignored`,
      );
      return;
    }
    set = union(set, p.set);
    texts.push(String(c));
  });
  return { set, text: texts.join(', ') };
}

function parseRules(
  policy: Resource,
  spec: Record<string, unknown>,
  direction: Direction,
  baseline: boolean,
  sink: WarningSink,
): AdminRule[] {
  const raw = spec[direction];
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) {
    sink.at(
      policy,
      ['spec', direction],
      'invalid-rule',
      `${direction} must be a list; no ${direction} rule is analysed`,
    );
    return [];
  }
  const peerKey = direction === 'ingress' ? 'from' : 'to';
  const out: AdminRule[] = [];
  raw.forEach((r, index) => {
    const path: JsonPath = ['spec', direction, index];
    if (!isRecord(r)) {
      sink.at(policy, path, 'invalid-rule', 'a rule must be an object; ignored');
      return;
    }
    const name = typeof r.name === 'string' ? r.name : `#${index + 1}`;
    const actions = baseline ? ['Allow', 'Deny'] : ['Allow', 'Deny', 'Pass'];
    if (typeof r.action !== 'string' || !actions.includes(r.action)) {
      sink.at(
        policy,
        [...path, 'action'],
        'invalid-action',
        `rule ${name}: action ${JSON.stringify(r.action)} is not ${actions.join(', ')}; the rule is ignored`,
      );
      return;
    }
    const action = r.action as AdminAction;
    const rawPeers = r[peerKey];
    const peers: AdminPeer[] = [];
    if (!Array.isArray(rawPeers) || rawPeers.length === 0) {
      sink.at(
        policy,
        [...path, peerKey],
        'empty-peer',
        `rule ${name}: ${peerKey} must be a non-empty list; the rule matches nothing`,
      );
    } else {
      rawPeers.forEach((p, i) => {
        const at = [...path, peerKey, i];
        if (isRecord(p) && direction === 'egress' && p.networks !== undefined && p.networks !== null) {
          const n = parseNetworks(p.networks, policy, [...at, 'networks'], sink);
          peers.push(n ? { kind: 'networks', index: i, ...n } : { kind: 'none', index: i });
          return;
        }
        if (isRecord(p) && direction === 'egress' && p.nodes !== undefined && p.nodes !== null) {
          sink.at(
            policy,
            [...at, 'nodes'],
            'nodes-peer-ignored',
            `rule ${name}: nodes peers are not analysed; the peer matches nothing`,
          );
          peers.push({ kind: 'none', index: i });
          return;
        }
        const selection = parseSelection(p, policy, at, sink, 'a peer');
        peers.push(selection ? { kind: 'pods', index: i, selection } : { kind: 'none', index: i });
      });
    }
    const ports = parseAdminPorts(r.ports, policy, [...path, 'ports'], sink);
    if (hasNamedPorts(ports) && peers.length > 0 && peers.every((p) => p.kind === 'networks')) {
      sink.at(
        policy,
        [...path, 'ports'],
        'named-port-on-ipblock',
        `rule ${name}: a named port cannot apply to networks peers; it matches no IP`,
      );
    }
    out.push({ direction, index, name, action, peers, ports, path });
  });
  return out;
}

export function compileAdminPolicy(resource: Resource, sink: WarningSink): CompiledAdminPolicy | undefined {
  const baseline = resource.ref.kind === 'BaselineAdminNetworkPolicy';
  const spec = resource.object.spec;
  if (!isRecord(spec)) {
    sink.at(resource, ['spec'], 'invalid-rule', 'spec is missing or not an object; the policy is ignored');
    return undefined;
  }
  let priority = Number.POSITIVE_INFINITY;
  if (!baseline) {
    const p = spec.priority;
    if (typeof p !== 'number' || !Number.isInteger(p) || p < 0 || p > 1000) {
      sink.at(
        resource,
        ['spec', 'priority'],
        'invalid-priority',
        `priority ${JSON.stringify(p)} is not an integer in 0-1000; the policy is ignored`,
      );
      return undefined;
    }
    priority = p;
  } else if (resource.ref.name !== 'default') {
    sink.at(
      resource,
      ['metadata', 'name'],
      'banp-name',
      'a BaselineAdminNetworkPolicy must be named "default" (the API server rejects other names); analysed anyway',
    );
  }
  const subject = parseSelection(spec.subject, resource, ['spec', 'subject'], sink, 'subject') ?? {
    namespaces: { kind: 'selector', selector: MATCH_NONE },
    pods: MATCH_NONE,
  };
  return {
    kind: baseline ? 'BaselineAdminNetworkPolicy' : 'AdminNetworkPolicy',
    resource,
    name: resource.ref.name,
    priority,
    subject,
    ingress: parseRules(resource, spec, 'ingress', baseline, sink),
    egress: parseRules(resource, spec, 'egress', baseline, sink),
  };
}

/** Every ANP/BANP peer set of CIDRs in egress rules (for cutting the external address space). */
export function adminEgressNetworks(policies: readonly CompiledAdminPolicy[]): IntervalSet[] {
  const out: IntervalSet[] = [];
  for (const p of policies)
    for (const r of p.egress) for (const peer of r.peers) if (peer.kind === 'networks') out.push(peer.set);
  return out;
}
