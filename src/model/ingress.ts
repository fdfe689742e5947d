/**
 * Ingress helpers: the hosts an Ingress serves and whether `spec.tls` covers them.
 *
 * A host is covered by a TLS entry that lists it exactly, or by a wildcard entry
 * `*.example.com`, which covers exactly one extra label (`a.example.com`, not
 * `a.b.example.com` nor `example.com`), as TLS certificate matching does (RFC 6125).
 * A TLS entry without `hosts` applies to the controller's default/wildcard host
 * (the API's documented default), and controllers then pick the certificate by its own
 * names, so it is taken to cover every host. Host names compare case-insensitively.
 */
import type { Inventory } from './inventory.js';
import { asArray, asString, isRecord, type JsonPath, type Resource, stringMap } from './types.js';

export interface IngressHost {
  /** '' for rules without a host and for the default backend (every host). */
  host: string;
  path: JsonPath;
}

/** The hosts an Ingress routes, in order, each once (rules, then the default backend). */
export function ingressHosts(ingress: Resource): IngressHost[] {
  const spec = ingress.object.spec;
  if (!isRecord(spec)) return [];
  const out: IngressHost[] = [];
  const seen = new Set<string>();
  asArray(spec.rules).forEach((r, i) => {
    if (!isRecord(r)) return;
    const host = (asString(r.host) ?? '').toLowerCase();
    if (seen.has(host)) return;
    seen.add(host);
    out.push({ host, path: host === '' ? ['spec', 'rules', i] : ['spec', 'rules', i, 'host'] });
  });
  // networking.k8s.io/v1 defaultBackend; extensions/v1beta1 and networking.k8s.io/v1beta1 backend.
  for (const field of ['defaultBackend', 'backend']) {
    if (isRecord(spec[field]) && !seen.has('')) {
      seen.add('');
      out.push({ host: '', path: ['spec', field] });
    }
  }
  return out;
}

export interface TlsEntry {
  /** undefined: no hosts listed (applies to every host). */
  hosts: string[] | undefined;
}

export function ingressTls(ingress: Resource): TlsEntry[] {
  const spec = ingress.object.spec;
  if (!isRecord(spec)) return [];
  const out: TlsEntry[] = [];
  for (const t of asArray(spec.tls)) {
    if (!isRecord(t)) continue;
    const hosts = asArray(t.hosts)
      .filter((h): h is string => typeof h === 'string' && h !== '')
      .map((h) => h.toLowerCase());
    out.push({ hosts: hosts.length === 0 ? undefined : hosts });
  }
  return out;
}

/** Does a TLS host (possibly `*.domain`) match a rule host (possibly a wildcard itself)? */
export function tlsHostMatches(tlsHost: string, host: string): boolean {
  if (tlsHost === host) return true;
  if (!tlsHost.startsWith('*.') || host === '' || host.startsWith('*.')) return false;
  const dot = host.indexOf('.');
  return dot > 0 && host.slice(dot) === tlsHost.slice(1);
}

export function hostCovered(entries: readonly TlsEntry[], host: string): boolean {
  return entries.some((e) => e.hosts === undefined || e.hosts.some((t) => tlsHostMatches(t, host)));
}

/** Controller names of well-known IngressClass names, for when the IngressClass object is not in the input. */
const WELL_KNOWN_CLASSES: Readonly<Record<string, string>> = {
  nginx: 'k8s.io/ingress-nginx',
  gce: 'k8s.io/ingress-gce',
  'gce-internal': 'k8s.io/ingress-gce',
  alb: 'ingress.k8s.aws/alb',
};

export interface IngressControllerRef {
  /** The class name, from spec.ingressClassName, the legacy annotation, or the default IngressClass. */
  className?: string;
  /** IngressClass.spec.controller, or the well-known controller of the class name. */
  controller?: string;
}

/**
 * The controller that implements an Ingress: `spec.ingressClassName`, else the legacy
 * `kubernetes.io/ingress.class` annotation, else the IngressClass marked
 * `ingressclass.kubernetes.io/is-default-class: "true"`; the class is then resolved to
 * its IngressClass object in the input (or to a well-known controller by name).
 */
export function ingressController(ingress: Resource, inventory: Inventory): IngressControllerRef {
  const spec = isRecord(ingress.object.spec) ? ingress.object.spec : {};
  const annotations = isRecord(ingress.object.metadata) ? stringMap(ingress.object.metadata.annotations) : {};
  let className = asString(spec.ingressClassName) || annotations['kubernetes.io/ingress.class'] || undefined;
  const classes = inventory.ofKind('networking.k8s.io', 'IngressClass');
  if (!className) {
    const def = classes.find((c) => {
      const a = isRecord(c.object.metadata) ? stringMap(c.object.metadata.annotations) : {};
      return a['ingressclass.kubernetes.io/is-default-class'] === 'true';
    });
    if (!def) return {};
    className = def.ref.name;
  }
  const cls = classes.find((c) => c.ref.name === className);
  const controller =
    cls && isRecord(cls.object.spec)
      ? asString(cls.object.spec.controller)
      : Object.hasOwn(WELL_KNOWN_CLASSES, className)
        ? WELL_KNOWN_CLASSES[className]
        : undefined;
  return controller ? { className, controller } : { className };
}
