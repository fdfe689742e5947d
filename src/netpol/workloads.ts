/**
 * The peer model: the nodes of the connectivity graph.
 *
 * - A workload is every pod of one controller, named after it: a Deployment (and its
 *   template pod) is one node, bare Pods with the same controller owner are one node,
 *   a Pod without owner is itself ([Pod]). Replicas are one node.
 * - An external peer is an IPv4 range outside the cluster ("a.b.c.d-e.f.g.h[External]").
 * - The ingress controller ("{ingress-controller}") stands for whatever Ingress or Route
 *   objects expose workloads through.
 *
 * Which owner names a pod, and what happens when pods of one owner differ, depend on
 * the profile (see profile.ts).
 */
import type { Inventory } from '../model/inventory.js';
import type { Labels } from '../model/selectors.js';
import { asArray, asRecord, asString, isRecord, type Resource, stringMap } from '../model/types.js';
import type { Workload } from '../model/workloads.js';
import { formatIpRange, parseIPv4 } from './ip.js';
import { JoinedKeyMap } from './joined-key-map.js';
import { isProtocol, type Protocol } from './ports.js';
import type { Profile } from './profile.js';
import { describe, type WarningSink } from './warnings.js';

export interface ContainerPort {
  readonly name: string | undefined;
  readonly port: number;
  readonly protocol: Protocol;
}

/** One pod (or pod template) that belongs to a workload. */
export interface PodVariant {
  readonly resource: Resource;
  readonly podName: string;
  readonly labels: Labels;
  readonly ports: readonly ContainerPort[];
  readonly hostNetwork: boolean;
  /** Known IPv4 addresses (status.podIP/podIPs of a live Pod). */
  readonly ips: readonly number[];
}

export interface WorkloadPeer {
  readonly type: 'workload';
  /** Position in WorkloadModel.workloads. */
  readonly index: number;
  readonly namespace: string;
  readonly name: string;
  /** The owner's kind (Deployment, StatefulSet, ...) or Pod. */
  readonly kind: string;
  /** Labels of the pods (of the representative pod). */
  readonly labels: Labels;
  /** Container ports of the pods, which named ports resolve against. */
  readonly ports: readonly ContainerPort[];
  readonly hostNetwork: boolean;
  /** Known pod IPs; empty when unknown (templates, pods without status). */
  readonly ips: readonly number[];
  /** Whether the workload may run more than one pod (a controller, or several Pod objects). */
  readonly replicated: boolean;
  /** Every pod object or template this node stands for, in input order. */
  readonly pods: readonly PodVariant[];
  /** "ns/name[Kind]" */
  readonly display: string;
}

export interface ExternalPeer {
  readonly type: 'external';
  readonly first: number;
  readonly last: number;
  /** "a.b.c.d-e.f.g.h[External]" */
  readonly display: string;
}

export interface IngressControllerPeer {
  readonly type: 'ingress-controller';
  readonly display: '{ingress-controller}';
}

export type Peer = WorkloadPeer | ExternalPeer | IngressControllerPeer;

export const INGRESS_CONTROLLER: IngressControllerPeer = Object.freeze({
  type: 'ingress-controller',
  display: '{ingress-controller}',
});

export function externalPeer(first: number, last: number): ExternalPeer {
  return { type: 'external', first, last, display: `${formatIpRange(first, last)}[External]` };
}

export interface WorkloadModel {
  /** Sorted by display name. */
  readonly workloads: readonly WorkloadPeer[];
  /** Labels of every namespace, including kubernetes.io/metadata.name. */
  readonly namespaceLabels: ReadonlyMap<string, Labels>;
}

/** Container ports of the regular containers: named ports resolve against these. */
export function containerPortsOf(w: Workload): ContainerPort[] {
  const out: ContainerPort[] = [];
  for (const c of asArray(w.spec.containers)) {
    if (!isRecord(c)) continue;
    for (const p of asArray(c.ports)) {
      if (!isRecord(p)) continue;
      const port = p.containerPort;
      if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535) continue;
      const protocol = p.protocol ?? 'TCP';
      if (!isProtocol(protocol)) continue;
      const name = typeof p.name === 'string' && p.name !== '' ? p.name : undefined;
      out.push({ name, port, protocol });
    }
  }
  return out;
}

/** Shared by every pod whose IPs are unknown (templates, pods without status): most of them. */
const NO_IPS: readonly number[] = Object.freeze([]) as readonly number[];

function podIPs(resource: Resource): readonly number[] {
  const status = asRecord(resource.object.status);
  if (!status) return NO_IPS;
  const out = new Set<number>();
  for (const entry of asArray(status.podIPs)) {
    const ip = asString(asRecord(entry)?.ip);
    const n = ip === undefined ? undefined : parseIPv4(ip);
    if (n !== undefined) out.add(n);
  }
  const single = asString(status.podIP);
  const n = single === undefined ? undefined : parseIPv4(single);
  if (n !== undefined) out.add(n);
  return out.size === 0 ? NO_IPS : [...out];
}

const NO_LABELS: Labels = Object.freeze({});
const NO_PORTS: readonly ContainerPort[] = Object.freeze([]) as readonly ContainerPort[];

/**
 * The pod's labels as strings. The input's own map when every value is a string (the
 * usual case: a copy per pod is most of what a large model would keep); otherwise a
 * copy without the other values, as `stringMap` makes. A `__proto__` key is copied the
 * way `stringMap` treats it, not kept.
 */
function podLabels(raw: unknown): Labels {
  if (!isRecord(raw)) return NO_LABELS;
  const keys = Object.keys(raw);
  if (keys.length === 0) return NO_LABELS;
  for (const k of keys) if (typeof raw[k] !== 'string' || k === '__proto__') return stringMap(raw);
  return raw as Labels;
}

interface OwnerRef {
  kind: string;
  name: string;
}

/** The controller owner (the reference with controller: true, else the first one). */
export function controllerOwner(resource: Resource): OwnerRef | undefined {
  const raw = asRecord(resource.object.metadata)?.ownerReferences;
  if (!Array.isArray(raw) || raw.length === 0) return undefined; // templates: no allocation
  const refs = raw.filter(isRecord);
  const ref = refs.find((r) => r.controller === true) ?? refs[0];
  if (!ref) return undefined;
  const name = asString(ref.name);
  if (!name) return undefined;
  return { kind: asString(ref.kind) ?? '', name };
}

const TEMPLATE_KINDS = new Set([
  'Deployment',
  'ReplicaSet',
  'StatefulSet',
  'DaemonSet',
  'Job',
  'CronJob',
  'ReplicationController',
]);

function sameLabels(a: Labels, b: Labels): boolean {
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) if (a[k] !== b[k]) return false;
  return true;
}

function samePorts(a: readonly ContainerPort[], b: readonly ContainerPort[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((p, i) => p.name === b[i]!.name && p.port === b[i]!.port && p.protocol === b[i]!.protocol);
}

function variantKey(v: PodVariant, profile: Profile): string {
  const labels = Object.keys(v.labels)
    .sort()
    .map((k) => [k, v.labels[k]]);
  const ips = profile.ipBlocksMatchPods ? [...v.ips].sort((x, y) => x - y) : [];
  return JSON.stringify([labels, v.ports, v.hostNetwork, ips]);
}

/**
 * Builds the workloads of the inventory. Pod objects are grouped by their controller;
 * every other pod-bearing kind contributes its template pod.
 */
export function buildWorkloads(inventory: Inventory, profile: Profile, sink: WarningSink): WorkloadModel {
  // Objects that can own pods, to follow owner chains (k8s profile).
  const owners = new JoinedKeyMap<Resource>(['/', '/', '']);
  for (const w of inventory.workloads()) {
    const r = w.resource;
    if (TEMPLATE_KINDS.has(r.ref.kind)) owners.set(r.ref.kind, `${r.ref.namespace}`, r.ref.name, r);
  }
  const topOwner = (namespace: string, start: OwnerRef): OwnerRef => {
    let cur = start;
    for (let depth = 0; depth < 8; depth++) {
      const obj = owners.get(cur.kind, namespace, cur.name);
      const next = obj && controllerOwner(obj);
      if (!next?.kind) break;
      cur = next;
    }
    return cur;
  };

  interface Group {
    namespace: string;
    name: string;
    kind: string;
    /** "ns/name[Kind]": the display name of its workload. */
    display: string;
    pods: PodVariant[];
  }
  const groups: Group[] = [];
  const groupOf = new JoinedKeyMap<Group>(['/', '[', ']']);
  // Equal container port lists are one array: most workloads declare one of a few.
  const portLists = new Map<number, ContainerPort[][]>();
  const internPorts = (ports: ContainerPort[]): readonly ContainerPort[] => {
    if (ports.length === 0) return NO_PORTS;
    const first = ports[0]!.port;
    const known = portLists.get(first);
    if (!known) portLists.set(first, [ports]);
    else {
      for (const k of known) if (samePorts(k, ports)) return k;
      known.push(ports);
    }
    return ports;
  };
  for (const w of inventory.workloads()) {
    const r = w.resource;
    if (r.ref.kind === 'PodTemplate') continue; // a template nothing runs
    const namespace = r.ref.namespace ?? 'default';
    let owner: OwnerRef;
    if (r.ref.kind === 'Pod') {
      owner = controllerOwner(r) ?? { kind: 'Pod', name: r.ref.name };
      if (owner.kind === '') owner = { kind: 'Pod', name: owner.name };
    } else owner = { kind: r.ref.kind, name: r.ref.name };
    if (profile.ownerChain) owner = topOwner(namespace, owner);
    const variant: PodVariant = {
      resource: r,
      podName: r.ref.name,
      labels: podLabels(w.podMetadata.labels),
      ports: internPorts(containerPortsOf(w)),
      hostNetwork: w.spec.hostNetwork === true,
      ips: r.ref.kind === 'Pod' ? podIPs(r) : NO_IPS,
    };
    // "ns/name[Kind]": pods with one such name are one workload.
    const g = groupOf.get(namespace, owner.name, owner.kind);
    if (g) g.pods.push(variant);
    else {
      // A flat string (join), not a concatenation tree: it is kept as the display name.
      const display = [namespace, '/', owner.name, '[', owner.kind, ']'].join('');
      const created = { namespace, name: owner.name, kind: owner.kind, display, pods: [variant] };
      groupOf.set(namespace, owner.name, owner.kind, created);
      groups.push(created);
    }
  }

  // Built once, with the index set after sorting (a copy per workload would double the model).
  type Built = { -readonly [K in keyof WorkloadPeer]: WorkloadPeer[K] };
  const built: Built[] = [];
  for (const g of groups) {
    const make = (name: string, pods: PodVariant[], display: string): Built => {
      // A controller may run more pods than the input shows; owner-less Pods are what they are.
      let podObjects = 0;
      for (const p of pods) if (p.resource.ref.kind === 'Pod') podObjects++;
      const replicated = g.kind !== 'Pod' || podObjects > 1;
      const rep = pods[0]!;
      // IPs count as known only when every pod of the node has one.
      let ips = NO_IPS;
      if (profile.ipBlocksMatchPods && pods.every((p) => p.ips.length > 0))
        ips = pods.length === 1 ? rep.ips : [...new Set(pods.flatMap((p) => p.ips))];
      return {
        type: 'workload',
        index: -1,
        namespace: g.namespace,
        name,
        kind: g.kind,
        labels: rep.labels,
        ports: rep.ports,
        hostNetwork: rep.hostNetwork,
        ips,
        replicated,
        pods,
        display,
      };
    };
    const first = g.pods[0]!;
    const differs = g.pods.some(
      (p) =>
        p !== first &&
        (!sameLabels(p.labels, first.labels) ||
          !samePorts(p.ports, first.ports) ||
          p.hostNetwork !== first.hostNetwork),
    );
    if (!differs || profile.ownerVariants === 'representative') {
      built.push(make(g.name, g.pods, g.display));
      continue;
    }
    const byVariant = new Map<string, PodVariant[]>();
    for (const p of g.pods) {
      const k = variantKey(p, profile);
      const list = byVariant.get(k);
      if (list) list.push(p);
      else byVariant.set(k, [p]);
    }
    if (byVariant.size === 1) {
      built.push(make(g.name, g.pods, g.display));
      continue;
    }
    sink.add({
      severity: 'warning',
      code: 'owner-label-variance',
      message: `${describe(g.pods[0]!.resource)}: pods of ${g.namespace}/${g.name}[${g.kind}] differ in labels, ports or host networking; each variant is analysed as its own node (${[...byVariant.values()].map((v) => `${g.name}@${v[0]!.podName}`).join(', ')})`,
      object: g.pods[0]!.resource.ref,
      location: g.pods[0]!.resource.origin,
    });
    for (const pods of byVariant.values()) {
      const name = `${g.name}@${pods[0]!.podName}`;
      built.push(make(name, pods, [g.namespace, '/', name, '[', g.kind, ']'].join('')));
    }
  }
  built.sort((a, b) => (a.display < b.display ? -1 : a.display > b.display ? 1 : 0));
  for (let i = 0; i < built.length; i++) built[i]!.index = i;
  const workloads: readonly WorkloadPeer[] = built;

  const namespaceLabels = new Map<string, Labels>();
  for (const ns of inventory.namespaces()) namespaceLabels.set(ns, inventory.namespaceLabels(ns));
  for (const w of workloads)
    if (!namespaceLabels.has(w.namespace))
      namespaceLabels.set(w.namespace, inventory.namespaceLabels(w.namespace));
  return { workloads, namespaceLabels };
}
