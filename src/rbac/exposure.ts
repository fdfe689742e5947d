/**
 * Which workloads are reachable from outside the cluster — "internet-facing" for the
 * identity checks, which rate a powerful service account token higher when the pod
 * that holds it takes traffic from the internet.
 *
 * A workload is exposed when its pod labels are selected (same namespace, Service
 * `spec.selector`, every pair matching; a Service without selector selects no pod) by
 * a Service that is
 * - of type LoadBalancer, unless a cloud annotation makes the load balancer internal
 *   (model/service-exposure.ts), or of type NodePort (node ports are commonly
 *   reachable from outside; kzt cannot see node firewalls);
 * - the backend of an Ingress (rules[].http.paths[].backend.service.name,
 *   defaultBackend, and the v1beta1 serviceName/backend forms);
 * - the backendRef of a Gateway API route (HTTPRoute, GRPCRoute, TLSRoute, TCPRoute,
 *   UDPRoute; kind Service by default, namespace defaulting to the route's).
 * This is reachability by configuration, not proof of internet routing: an Ingress
 * controller may itself be internal. kzt says which object exposes the workload.
 */
import type { Inventory } from '../model/inventory.js';
import { mapSelectorMatches } from '../model/selectors.js';
import { internalLoadBalancer } from '../model/service-exposure.js';
import { asArray, asString, isRecord, type Resource, stringMap } from '../model/types.js';
import type { Workload } from '../model/workloads.js';

export interface ExposureReason {
  /** The object that makes the workload reachable: a Service, an Ingress or a route. */
  via: Resource;
  /** The Service that selects the workload's pods. */
  service: Resource;
  text: string;
}

const ROUTE_KINDS = ['HTTPRoute', 'GRPCRoute', 'TLSRoute', 'TCPRoute', 'UDPRoute'];

function ingressServiceNames(ingress: Resource): string[] {
  const spec = ingress.object.spec;
  if (!isRecord(spec)) return [];
  const names: string[] = [];
  const backend = (b: unknown) => {
    if (!isRecord(b)) return;
    const svc = isRecord(b.service) ? asString(b.service.name) : asString(b.serviceName);
    if (svc) names.push(svc);
  };
  backend(spec.defaultBackend);
  backend(spec.backend);
  for (const r of asArray(spec.rules)) {
    if (!isRecord(r) || !isRecord(r.http)) continue;
    for (const p of asArray(r.http.paths)) if (isRecord(p)) backend(p.backend);
  }
  return names;
}

/** Services exposed outside the cluster, keyed `namespace/name`, with why. */
export function exposedServices(
  inventory: Inventory,
): Map<string, { service: Resource; via: Resource; text: string }[]> {
  const out = new Map<string, { service: Resource; via: Resource; text: string }[]>();
  const add = (ns: string, name: string, via: Resource, text: (svc: Resource) => string) => {
    const svc = inventory.get('', 'Service', ns, name);
    if (!svc) return;
    const key = `${ns}/${name}`;
    const list = out.get(key) ?? [];
    list.push({ service: svc, via, text: text(svc) });
    out.set(key, list);
  };
  for (const svc of inventory.ofKind('', 'Service')) {
    const spec = isRecord(svc.object.spec) ? svc.object.spec : {};
    const ns = svc.ref.namespace ?? 'default';
    if (spec.type === 'LoadBalancer' && !internalLoadBalancer(svc))
      add(ns, svc.ref.name, svc, () => `Service ${ns}/${svc.ref.name} of type LoadBalancer`);
    else if (spec.type === 'NodePort')
      add(ns, svc.ref.name, svc, () => `Service ${ns}/${svc.ref.name} of type NodePort`);
  }
  for (const group of ['networking.k8s.io', 'extensions']) {
    for (const ing of inventory.ofKind(group, 'Ingress')) {
      const ns = ing.ref.namespace ?? 'default';
      for (const name of new Set(ingressServiceNames(ing)))
        add(ns, name, ing, () => `Ingress ${ns}/${ing.ref.name} (backend Service ${name})`);
    }
  }
  for (const kind of ROUTE_KINDS) {
    for (const route of inventory.ofKind('gateway.networking.k8s.io', kind)) {
      const ns = route.ref.namespace ?? 'default';
      const spec = isRecord(route.object.spec) ? route.object.spec : {};
      for (const rule of asArray(spec.rules)) {
        if (!isRecord(rule)) continue;
        for (const ref of asArray(rule.backendRefs)) {
          if (!isRecord(ref) || typeof ref.name !== 'string') continue;
          if ((ref.kind ?? 'Service') !== 'Service' || (ref.group ?? '') !== '') continue;
          const target = typeof ref.namespace === 'string' ? ref.namespace : ns;
          add(
            target,
            ref.name,
            route,
            () => `${kind} ${ns}/${route.ref.name} (backend Service ${target}/${ref.name})`,
          );
        }
      }
    }
  }
  return out;
}

/** An index of exposure by workload, built once per inventory. */
export class ExposureIndex {
  private readonly byNamespace = new Map<
    string,
    { selector: Record<string, string>; reasons: ExposureReason[] }[]
  >();

  constructor(inventory: Inventory) {
    for (const reasons of exposedServices(inventory).values()) {
      const svc = reasons[0]!.service;
      const spec = isRecord(svc.object.spec) ? svc.object.spec : {};
      const selector = stringMap(spec.selector);
      if (Object.keys(selector).length === 0) continue;
      const ns = svc.ref.namespace ?? 'default';
      const list = this.byNamespace.get(ns) ?? [];
      list.push({ selector, reasons: reasons.map((r) => ({ ...r })) });
      this.byNamespace.set(ns, list);
    }
  }

  /** Why a workload is reachable from outside; empty when it is not. */
  of(w: Workload): ExposureReason[] {
    const ns = w.resource.ref.namespace ?? 'default';
    const services = this.byNamespace.get(ns);
    if (!services) return [];
    const labels = stringMap(w.podMetadata.labels);
    return services.filter((s) => mapSelectorMatches(s.selector, labels)).flatMap((s) => s.reasons);
  }
}
