/**
 * Gateway API route attachment (gateway.networking.k8s.io/v1), as the spec defines it:
 *
 * - a route's `parentRefs` entry targets a Gateway (group defaults to
 *   gateway.networking.k8s.io, kind to Gateway, namespace to the route's own) and,
 *   optionally, one listener by `sectionName` and/or `port`;
 * - the listener must allow the route's namespace (`allowedRoutes.namespaces.from`:
 *   `Same` by default, `All`, or `Selector` over the namespace's labels) and kind
 *   (by default the kinds of its protocol: HTTPRoute and GRPCRoute for HTTP/HTTPS);
 * - hostnames must intersect: an absent hostname on either side matches everything,
 *   and `*.example.com` matches any name with that suffix (one or more labels), never
 *   `example.com` itself.
 */
import type { Inventory } from './inventory.js';
import { groupOf } from './kinds.js';
import { parseLabelSelector, selectorMatches } from './selectors.js';
import { asArray, asString, isRecord, type Resource } from './types.js';

const GATEWAY_GROUP = 'gateway.networking.k8s.io';

export interface Listener {
  index: number;
  name: string;
  port: number | undefined;
  protocol: string;
  hostname: string | undefined;
  raw: Record<string, unknown>;
}

export function listenersOf(gateway: Resource): Listener[] {
  const spec = isRecord(gateway.object.spec) ? gateway.object.spec : {};
  return asArray(spec.listeners).flatMap((l, index) => {
    if (!isRecord(l)) return [];
    return [
      {
        index,
        name: asString(l.name) ?? `listeners[${index}]`,
        port: typeof l.port === 'number' ? l.port : undefined,
        protocol: asString(l.protocol) ?? '',
        hostname: asString(l.hostname) || undefined,
        raw: l,
      },
    ];
  });
}

/** Gateway API hostname intersection (suffix wildcards). */
export function hostnamesIntersect(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return true;
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  if (x === y) return true;
  const covers = (wild: string, name: string) => wild.startsWith('*.') && name.endsWith(wild.slice(1));
  return covers(x, y) || covers(y, x);
}

function routeHostnamesIntersect(listener: Listener, route: Resource): boolean {
  const spec = isRecord(route.object.spec) ? route.object.spec : {};
  const names = asArray(spec.hostnames).filter((h): h is string => typeof h === 'string' && h !== '');
  if (names.length === 0) return true;
  return names.some((h) => hostnamesIntersect(listener.hostname, h));
}

function allowsNamespace(
  listener: Listener,
  gatewayNs: string,
  routeNs: string,
  inventory: Inventory,
): boolean {
  const allowed = isRecord(listener.raw.allowedRoutes) ? listener.raw.allowedRoutes : {};
  const namespaces = isRecord(allowed.namespaces) ? allowed.namespaces : {};
  const from = asString(namespaces.from) ?? 'Same';
  if (from === 'All') return true;
  if (from === 'Same') return routeNs === gatewayNs;
  if (from === 'Selector') {
    const parsed = parseLabelSelector(namespaces.selector);
    return parsed.ok && selectorMatches(parsed.selector, inventory.namespaceLabels(routeNs));
  }
  return false;
}

const DEFAULT_KINDS: Readonly<Record<string, readonly string[]>> = {
  HTTP: ['HTTPRoute', 'GRPCRoute'],
  HTTPS: ['HTTPRoute', 'GRPCRoute'],
  TLS: ['TLSRoute'],
  TCP: ['TCPRoute'],
  UDP: ['UDPRoute'],
};

function allowsKind(listener: Listener, kind: string): boolean {
  const allowed = isRecord(listener.raw.allowedRoutes) ? listener.raw.allowedRoutes : {};
  const kinds = asArray(allowed.kinds).filter(isRecord);
  if (kinds.length === 0) {
    const defaults = Object.hasOwn(DEFAULT_KINDS, listener.protocol)
      ? DEFAULT_KINDS[listener.protocol]
      : undefined;
    return defaults?.includes(kind) ?? false;
  }
  return kinds.some((k) => k.kind === kind && (asString(k.group) ?? GATEWAY_GROUP) === GATEWAY_GROUP);
}

const ROUTE_KINDS = ['HTTPRoute', 'GRPCRoute'] as const;

/** HTTPRoutes and GRPCRoutes by the `namespace/name` of the Gateways their parentRefs name. */
export function routesByGateway(inventory: Inventory): Map<string, Resource[]> {
  const out = new Map<string, Resource[]>();
  for (const kind of ROUTE_KINDS) {
    for (const route of inventory.ofKind(GATEWAY_GROUP, kind)) {
      const spec = isRecord(route.object.spec) ? route.object.spec : {};
      const routeNs = route.ref.namespace ?? 'default';
      const seen = new Set<string>();
      for (const p of asArray(spec.parentRefs)) {
        if (!isRecord(p)) continue;
        if (
          (asString(p.group) ?? GATEWAY_GROUP) !== GATEWAY_GROUP ||
          (asString(p.kind) ?? 'Gateway') !== 'Gateway'
        )
          continue;
        const name = asString(p.name);
        if (!name) continue;
        const key = `${asString(p.namespace) || routeNs}/${name}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const list = out.get(key);
        if (list) list.push(route);
        else out.set(key, [route]);
      }
    }
  }
  return out;
}

/** The routes among `candidates` that attach to a listener of `gateway`. */
export function routesOnListener(
  gateway: Resource,
  listener: Listener,
  candidates: readonly Resource[],
  inventory: Inventory,
): Resource[] {
  const gwNs = gateway.ref.namespace ?? 'default';
  return candidates.filter((route) => {
    if (groupOf(route.ref.apiVersion) !== GATEWAY_GROUP) return false;
    const routeNs = route.ref.namespace ?? 'default';
    const spec = isRecord(route.object.spec) ? route.object.spec : {};
    const targets = asArray(spec.parentRefs).some((p) => {
      if (!isRecord(p)) return false;
      if (
        (asString(p.group) ?? GATEWAY_GROUP) !== GATEWAY_GROUP ||
        (asString(p.kind) ?? 'Gateway') !== 'Gateway'
      )
        return false;
      if (asString(p.name) !== gateway.ref.name || (asString(p.namespace) || routeNs) !== gwNs) return false;
      const section = asString(p.sectionName);
      if (section !== undefined && section !== listener.name) return false;
      if (typeof p.port === 'number' && p.port !== listener.port) return false;
      return true;
    });
    return (
      targets &&
      allowsKind(listener, route.ref.kind) &&
      allowsNamespace(listener, gwNs, routeNs, inventory) &&
      routeHostnamesIntersect(listener, route)
    );
  });
}

/** True when every rule of an HTTPRoute redirects to https (so it serves nothing in plaintext). */
export function onlyRedirectsToHttps(route: Resource): boolean {
  if (route.ref.kind !== 'HTTPRoute') return false;
  const spec = isRecord(route.object.spec) ? route.object.spec : {};
  const rules = asArray(spec.rules);
  // A route without rules gets one default rule that matches everything and forwards nowhere.
  if (rules.length === 0) return false;
  return rules.every(
    (r) =>
      isRecord(r) &&
      asArray(r.filters).some(
        (f) =>
          isRecord(f) &&
          f.type === 'RequestRedirect' &&
          isRecord(f.requestRedirect) &&
          f.requestRedirect.scheme === 'https',
      ),
  );
}
