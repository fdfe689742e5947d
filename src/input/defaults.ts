/**
 * The API server's defaults that change what an object means, applied once at load
 * so every analysis sees the object as the cluster would store it.
 *
 * Applied: metadata.namespace = "default" for namespaced kinds; `protocol: TCP` on
 * container ports, Service ports and NetworkPolicy ports; NetworkPolicy.spec.policyTypes
 * (Ingress, plus Egress when egress rules are present); Service type ClusterIP and
 * targetPort = port. Defaults are only filled where the field is absent; a field of
 * the wrong type is left for the input checks to report.
 */
import { groupOf, isClusterScoped } from '../model/kinds.js';
import { asArray, isRecord, type Resource } from '../model/types.js';
import { workloadOf } from '../model/workloads.js';

/** `group/Kind` → true when cluster-scoped, from CustomResourceDefinitions in the input. */
export function crdScopes(resources: readonly Resource[]): Map<string, boolean> {
  const out = new Map<string, boolean>();
  for (const r of resources) {
    if (r.ref.kind !== 'CustomResourceDefinition' || groupOf(r.ref.apiVersion) !== 'apiextensions.k8s.io')
      continue;
    const spec = r.object.spec;
    if (!isRecord(spec) || typeof spec.group !== 'string' || !isRecord(spec.names)) continue;
    const kind = spec.names.kind;
    if (typeof kind === 'string') out.set(`${spec.group}/${kind}`, spec.scope === 'Cluster');
  }
  return out;
}

function defaultProtocols(ports: unknown): void {
  for (const p of asArray(ports)) if (isRecord(p) && p.protocol === undefined) p.protocol = 'TCP';
}

export function applyDefaults(resources: readonly Resource[]): void {
  const scopes = crdScopes(resources);
  for (const r of resources) {
    const group = groupOf(r.ref.apiVersion);
    const clusterScoped = isClusterScoped(group, r.ref.kind, scopes);
    if (clusterScoped === false && !r.ref.namespace) {
      (r.ref as { namespace?: string }).namespace = 'default';
      if (isRecord(r.object.metadata)) r.object.metadata.namespace = 'default';
    } else if (clusterScoped === true && r.ref.namespace) {
      // The API server ignores metadata.namespace on cluster-scoped objects.
      delete (r.ref as { namespace?: string }).namespace;
    }
    const w = workloadOf(r);
    if (w) {
      for (const kind of ['initContainers', 'containers', 'ephemeralContainers']) {
        for (const c of asArray(w.spec[kind])) if (isRecord(c)) defaultProtocols(c.ports);
      }
      continue;
    }
    const spec = r.object.spec;
    if (!isRecord(spec)) continue;
    if (group === '' && r.ref.kind === 'Service') {
      if (spec.type === undefined) spec.type = 'ClusterIP';
      for (const p of asArray(spec.ports)) {
        if (!isRecord(p)) continue;
        if (p.protocol === undefined) p.protocol = 'TCP';
        if (p.targetPort === undefined && p.port !== undefined) p.targetPort = p.port;
      }
    } else if (group === 'networking.k8s.io' && r.ref.kind === 'NetworkPolicy') {
      if (spec.policyTypes === undefined) {
        const types = ['Ingress'];
        if (Array.isArray(spec.egress) && spec.egress.length > 0) types.push('Egress');
        spec.policyTypes = types;
      }
      for (const dir of ['ingress', 'egress']) {
        for (const rule of asArray(spec[dir])) if (isRecord(rule)) defaultProtocols(rule.ports);
      }
    }
  }
}
