/**
 * How a Service of type LoadBalancer is exposed: which source ranges kube-proxy and the
 * cloud load balancer enforce, and whether the cloud provider makes it internal.
 */
import { asArray, isRecord, type JsonPath, type Resource, stringMap } from './types.js';

export const SOURCE_RANGES_ANNOTATION = 'service.beta.kubernetes.io/load-balancer-source-ranges';

export interface SourceRanges {
  /** The ranges in force; `['0.0.0.0/0']` when nothing is set (kube-proxy's default). */
  ranges: string[];
  /** Where they come from. */
  from: 'field' | 'annotation' | 'default';
  path: JsonPath;
}

/**
 * `servicehelper.GetLoadBalancerSourceRanges`: a non-empty `spec.loadBalancerSourceRanges`
 * wins and the annotation is then ignored; otherwise the comma-separated annotation;
 * otherwise 0.0.0.0/0.
 */
export function loadBalancerSourceRanges(service: Resource): SourceRanges {
  const spec = isRecord(service.object.spec) ? service.object.spec : {};
  const field = asArray(spec.loadBalancerSourceRanges).filter((r): r is string => typeof r === 'string');
  if (field.length > 0) {
    return { ranges: field.map((r) => r.trim()), from: 'field', path: ['spec', 'loadBalancerSourceRanges'] };
  }
  const annotations = isRecord(service.object.metadata) ? stringMap(service.object.metadata.annotations) : {};
  const value = (annotations[SOURCE_RANGES_ANNOTATION] ?? '').trim();
  if (value !== '') {
    return {
      ranges: value.split(',').map((r) => r.trim()),
      from: 'annotation',
      path: ['metadata', 'annotations', SOURCE_RANGES_ANNOTATION],
    };
  }
  return { ranges: ['0.0.0.0/0'], from: 'default', path: ['spec', 'loadBalancerSourceRanges'] };
}

/** A CIDR whose prefix length is 0: every IPv4 or every IPv6 address. */
export function isWholeInternet(cidr: string): boolean {
  return /^[0-9a-fA-F:.]+\/0+$/.test(cidr.trim());
}

/**
 * The cloud annotation that makes a LoadBalancer internal (reachable only from the
 * private network), or undefined when the load balancer is internet-facing or unknown.
 */
export function internalLoadBalancer(service: Resource): string | undefined {
  const a = isRecord(service.object.metadata) ? stringMap(service.object.metadata.annotations) : {};
  const spec = isRecord(service.object.spec) ? service.object.spec : {};
  const lower = (k: string) => (a[k] ?? '').trim().toLowerCase();
  // Legacy in-tree AWS provider: any value except "false" (e.g. "true", the old "0.0.0.0/0").
  const awsInternal = a['service.beta.kubernetes.io/aws-load-balancer-internal'];
  if (awsInternal !== undefined && awsInternal !== '' && awsInternal.trim().toLowerCase() !== 'false')
    return 'service.beta.kubernetes.io/aws-load-balancer-internal';
  // AWS Load Balancer Controller: its scheme defaults to internal.
  const scheme = lower('service.beta.kubernetes.io/aws-load-balancer-scheme');
  const lbType = lower('service.beta.kubernetes.io/aws-load-balancer-type');
  const byController =
    lbType === 'external' || lbType === 'nlb-ip' || spec.loadBalancerClass === 'service.k8s.aws/nlb';
  if (scheme === 'internal') return 'service.beta.kubernetes.io/aws-load-balancer-scheme';
  if (byController && scheme !== 'internet-facing')
    return 'service.beta.kubernetes.io/aws-load-balancer-scheme (AWS Load Balancer Controller default: internal)';
  for (const [key, value] of [
    ['networking.gke.io/load-balancer-type', 'internal'],
    ['cloud.google.com/load-balancer-type', 'internal'],
    ['service.beta.kubernetes.io/azure-load-balancer-internal', 'true'],
    ['service.beta.kubernetes.io/oci-load-balancer-internal', 'true'],
    ['oci-network-load-balancer.oraclecloud.com/internal', 'true'],
    ['service.beta.kubernetes.io/openstack-internal-load-balancer', 'true'],
    ['service.beta.kubernetes.io/alibaba-cloud-loadbalancer-address-type', 'intranet'],
    ['service.kubernetes.io/ibm-load-balancer-cloud-provider-ip-type', 'private'],
  ] as const) {
    if (lower(key) === value) return key;
  }
  return undefined;
}

/** "80/TCP, 443/TCP" for messages. */
export function servicePortsText(service: Resource, max = 6): string {
  const spec = isRecord(service.object.spec) ? service.object.spec : {};
  const ports = asArray(spec.ports)
    .filter(isRecord)
    .map((p) => `${String(p.port ?? '?')}/${typeof p.protocol === 'string' ? p.protocol : 'TCP'}`);
  if (ports.length === 0) return 'no ports';
  const shown = ports.slice(0, max).join(', ');
  return ports.length > max ? `${shown} and ${ports.length - max} more` : shown;
}
