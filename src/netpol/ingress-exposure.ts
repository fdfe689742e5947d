/**
 * What Ingress (networking.k8s.io) and Route (route.openshift.io) objects expose: for
 * each workload, the TCP ports the ingress controller forwards to, through the
 * backend Service's port and targetPort.
 *
 * - Ingress: every `rules[].http.paths[].backend.service` and `defaultBackend.service`;
 *   `port.number` matches the Service port's `port`, `port.name` its `name`.
 * - Route: `spec.to` and `spec.alternateBackends` (kind Service); `spec.port.targetPort`
 *   matches a Service port by name or by target port; without it, every Service port.
 * - The Service selects pods of its namespace by its selector (no selector: none);
 *   a named targetPort resolves against the pod's container ports.
 * - np-guard profile: the pod must also declare that TCP container port.
 */
import type { Inventory } from '../model/inventory.js';
import { asArray, asRecord, isRecord, type Resource, stringMap } from '../model/types.js';
import { range } from './intervals.js';
import { type ConnSet, connOf, connUnion, NO_CONNS } from './ports.js';
import type { Profile } from './profile.js';
import { describe, type WarningSink } from './warnings.js';
import type { WorkloadIndex } from './workload-index.js';

/** TCP ports exposed to the ingress controller, per workload index. */
export type Exposure = ReadonlyMap<number, ConnSet>;

/** One Ingress or Route backend exposing a workload: through which Service, which ports. */
export interface ExposureSource {
  readonly object: Resource;
  readonly service: string;
  readonly conns: ConnSet;
}

interface ServicePort {
  name: string | undefined;
  port: number | undefined;
  targetPort: number | string | undefined;
  protocol: string;
}

function servicePorts(svc: Resource): ServicePort[] {
  const spec = asRecord(svc.object.spec) ?? {};
  return asArray(spec.ports)
    .filter(isRecord)
    .map((p) => ({
      name: typeof p.name === 'string' ? p.name : undefined,
      port: typeof p.port === 'number' ? p.port : undefined,
      targetPort:
        typeof p.targetPort === 'number' || typeof p.targetPort === 'string'
          ? p.targetPort
          : typeof p.port === 'number'
            ? p.port
            : undefined,
      protocol: typeof p.protocol === 'string' ? p.protocol : 'TCP',
    }));
}

/** A port the backend refers to: by Service port number/name (Ingress), or a Route targetPort. */
type BackendPort =
  | { kind: 'servicePort'; number?: number; name?: string }
  | { kind: 'routeTarget'; value: number | string }
  | { kind: 'all' };

export function computeIngressExposure(
  inventory: Inventory,
  index: WorkloadIndex,
  profile: Profile,
  sink: WarningSink,
): { exposure: Exposure; sources: ReadonlyMap<number, readonly ExposureSource[]> } {
  const out = new Map<number, ConnSet>();
  const sources = new Map<number, ExposureSource[]>();
  // Equal port sets are one object: thousands of workloads are exposed on the same port.
  const conns = new Map<string, ConnSet>();
  const intern = (c: ConnSet): ConnSet => {
    const key = `${c.TCP}|${c.UDP}|${c.SCTP}`;
    const hit = conns.get(key);
    if (hit) return hit;
    conns.set(key, c);
    return c;
  };

  const expose = (from: Resource, namespace: string, serviceName: string, bp: BackendPort) => {
    const svc = inventory.get('', 'Service', namespace, serviceName);
    if (!svc) {
      sink.add({
        severity: 'warning',
        code: 'ingress-backend',
        message: `${describe(from)}: backend Service ${namespace}/${serviceName} is not in the input; ignored`,
        object: from.ref,
        location: from.origin,
      });
      return;
    }
    const selector = stringMap(asRecord(svc.object.spec)?.selector);
    if (Object.keys(selector).length === 0) return;
    const ports = servicePorts(svc).filter((p) => {
      if (bp.kind === 'all') return true;
      if (bp.kind === 'servicePort')
        return bp.number !== undefined ? p.port === bp.number : p.name === bp.name;
      return typeof bp.value === 'string'
        ? p.name === bp.value || p.targetPort === bp.value
        : p.targetPort === bp.value;
    });
    if (ports.length === 0) {
      sink.add({
        severity: 'warning',
        code: 'ingress-backend',
        message: `${describe(from)}: Service ${namespace}/${serviceName} has no port matching the backend; ignored`,
        object: from.ref,
        location: from.origin,
      });
      return;
    }
    for (const w of index.podsWithLabels(namespace, selector)) {
      let conns = out.get(w.index) ?? NO_CONNS;
      let mine = NO_CONNS;
      for (const p of ports) {
        if (p.protocol !== 'TCP') continue;
        let port: number | undefined;
        if (typeof p.targetPort === 'number') port = p.targetPort;
        else if (typeof p.targetPort === 'string') port = w.ports.find((c) => c.name === p.targetPort)?.port;
        if (port === undefined || port < 1 || port > 65535) continue;
        if (profile.name === 'np-guard' && !w.ports.some((c) => c.port === port && c.protocol === 'TCP'))
          continue;
        conns = connUnion(conns, connOf('TCP', range(port, port)));
        mine = connUnion(mine, connOf('TCP', range(port, port)));
      }
      out.set(w.index, intern(conns));
      const source = { object: from, service: serviceName, conns: intern(mine) };
      const list = sources.get(w.index);
      if (list) list.push(source);
      else sources.set(w.index, [source]);
    }
  };

  for (const ing of inventory
    .ofKind('networking.k8s.io', 'Ingress')
    .concat(inventory.ofKind('extensions', 'Ingress'))) {
    const namespace = ing.ref.namespace ?? 'default';
    const spec = asRecord(ing.object.spec) ?? {};
    const backends: unknown[] = [spec.defaultBackend];
    for (const rule of asArray(spec.rules))
      for (const path of asArray(asRecord(asRecord(rule)?.http)?.paths))
        backends.push(asRecord(path)?.backend);
    for (const b of backends) {
      const service = asRecord(asRecord(b)?.service);
      if (service && typeof service.name === 'string') {
        const port = asRecord(service.port) ?? {};
        expose(
          ing,
          namespace,
          service.name,
          typeof port.number === 'number'
            ? { kind: 'servicePort', number: port.number }
            : typeof port.name === 'string'
              ? { kind: 'servicePort', name: port.name }
              : { kind: 'all' },
        );
        continue;
      }
      // extensions/v1beta1 backends: serviceName + servicePort
      const legacy = asRecord(b);
      if (legacy && typeof legacy.serviceName === 'string') {
        const sp = legacy.servicePort;
        expose(
          ing,
          namespace,
          legacy.serviceName,
          typeof sp === 'number'
            ? { kind: 'servicePort', number: sp }
            : typeof sp === 'string'
              ? { kind: 'servicePort', name: sp }
              : { kind: 'all' },
        );
      }
    }
  }

  for (const route of inventory.ofKind('route.openshift.io', 'Route')) {
    const namespace = route.ref.namespace ?? 'default';
    const spec = asRecord(route.object.spec) ?? {};
    const tp = asRecord(spec.port)?.targetPort;
    const bp: BackendPort =
      typeof tp === 'number' || typeof tp === 'string' ? { kind: 'routeTarget', value: tp } : { kind: 'all' };
    for (const to of [spec.to, ...asArray(spec.alternateBackends)]) {
      const t = asRecord(to);
      if (!t || typeof t.name !== 'string') continue;
      if (t.kind !== undefined && t.kind !== 'Service') continue;
      expose(route, namespace, t.name, bp);
    }
  }
  return { exposure: out, sources };
}
