/**
 * The cluster DNS, as policies must allow it: the kube-dns/CoreDNS pods of kube-system
 * (Kubernetes distributions label them `k8s-app: kube-dns`), on their DNS container
 * ports — 53/UDP and 53/TCP unless the pods of the input say otherwise.
 */
import type { Protocol } from '../ports.js';
import type { WorkloadPeer } from '../workloads.js';

export function isDnsWorkload(w: WorkloadPeer): boolean {
  return (
    w.namespace === 'kube-system' &&
    (w.labels['k8s-app'] === 'kube-dns' ||
      w.labels['k8s-app'] === 'coredns' ||
      w.labels['app.kubernetes.io/name'] === 'coredns' ||
      w.labels['app.kubernetes.io/name'] === 'kube-dns')
  );
}

/** The DNS server's port for a protocol: its container port 53, or the one named dns / dns-tcp, else 53. */
export function dnsPort(w: WorkloadPeer, protocol: Protocol): number {
  const ports = w.ports.filter((p) => p.protocol === protocol);
  return (
    ports.find((p) => p.port === 53)?.port ??
    ports.find((p) => p.name === (protocol === 'UDP' ? 'dns' : 'dns-tcp'))?.port ??
    53
  );
}

/** The labels that select the DNS pods: k8s-app when they have it, else all their labels. */
export function dnsSelector(w: WorkloadPeer | undefined): Record<string, string> {
  if (!w) return { 'k8s-app': 'kube-dns' };
  if (w.labels['k8s-app']) return { 'k8s-app': w.labels['k8s-app'] };
  if (w.labels['app.kubernetes.io/name'])
    return { 'app.kubernetes.io/name': w.labels['app.kubernetes.io/name'] };
  return { ...w.labels };
}
