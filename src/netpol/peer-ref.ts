/**
 * Naming a peer on the command line: a workload as `ns/name`, `ns/name[Kind]` or the
 * name of one of its pods; an IPv4 address or range (`a.b.c.d`, `a.b.c.d-e.f.g.h`,
 * `a.b.c.d/len`); or `ingress-controller`.
 */
import { parseCidr, parseIpOrRange } from './ip.js';
import type { NetpolModel } from './model.js';
import {
  type ExternalPeer,
  externalPeer,
  INGRESS_CONTROLLER,
  type Peer,
  type WorkloadPeer,
} from './workloads.js';

export type PeerRefResult =
  | { ok: true; peer: WorkloadPeer | typeof INGRESS_CONTROLLER }
  | { ok: true; external: [number, number] }
  | { ok: false; error: string };

export function resolvePeerRef(model: NetpolModel, spec: string): PeerRefResult {
  const s = spec.trim();
  if (s === 'ingress-controller' || s === '{ingress-controller}')
    return { ok: true, peer: INGRESS_CONTROLLER };
  const bare = s.endsWith('[External]') ? s.slice(0, -'[External]'.length) : s;
  if (/^[0-9.]+(-[0-9.]+)?$/.test(bare)) {
    const r = parseIpOrRange(bare);
    return r ? { ok: true, external: r } : { ok: false, error: `${spec} is not an IPv4 address or range` };
  }
  if (/^[0-9.]+\/[0-9]+$/.test(bare)) {
    const c = parseCidr(bare);
    if (c.ok && c.family === 4) return { ok: true, external: [c.first, c.last] };
    return { ok: false, error: `${spec} is not a valid IPv4 CIDR` };
  }
  const workloads = model.workloads;
  const exact = workloads.find((w) => w.display === s);
  if (exact) return { ok: true, peer: exact };
  const slash = s.indexOf('/');
  const ns = slash === -1 ? 'default' : s.slice(0, slash);
  const name = slash === -1 ? s : s.slice(slash + 1);
  let found = workloads.filter((w) => w.namespace === ns && w.name === name);
  if (found.length === 0)
    found = workloads.filter((w) => w.namespace === ns && w.pods.some((p) => p.podName === name));
  if (found.length === 1) return { ok: true, peer: found[0]! };
  if (found.length > 1)
    return {
      ok: false,
      error: `${spec} is ambiguous: ${found.map((w) => w.display).join(', ')}; name one of them with its [Kind]`,
    };
  const near = workloads
    .filter((w) => w.name.includes(name) || name.includes(w.name))
    .slice(0, 5)
    .map((w) => w.display);
  return {
    ok: false,
    error: `no workload ${ns}/${name} in the input${near.length ? ` (did you mean ${near.join(', ')}?)` : ''}`,
  };
}

/** The atoms of the model that a range covers, as the peers to explain one by one. */
export function externalPieces(atoms: readonly ExternalPeer[], range: [number, number]): ExternalPeer[] {
  const out: ExternalPeer[] = [];
  for (const a of atoms) {
    const first = Math.max(a.first, range[0]);
    const last = Math.min(a.last, range[1]);
    if (first <= last) out.push(externalPeer(first, last));
  }
  return out;
}

export type { Peer };
