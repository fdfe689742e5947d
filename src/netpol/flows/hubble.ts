/**
 * Hubble flow exports: `hubble observe -o jsonpb` (one `{"flow": {...}, "node_name",
 * "time"}` object per line) and `-o json` (the same, or a bare Flow per line in older
 * releases). Field names are those of cilium's flow.proto (`source_port`, `pod_name`,
 * `traffic_direction`, `is_reply`, `IP`, `l4`); lowerCamelCase spellings are accepted too.
 *
 * What becomes an observed flow:
 * - verdict FORWARDED, REDIRECTED (to the L7 proxy), AUDIT (allowed in audit mode) or
 *   TRACED; DROPPED, ERROR and TRANSLATED (socket load-balancer events) are counted
 *   and skipped; any other verdict, or none (VERDICT_UNKNOWN), is a problem;
 * - `is_reply: true` is a reply, skipped. Without `is_reply`, a TCP record whose flags
 *   are not a bare SYN (SYN+ACK, ACK, FIN, ...) cannot be told from a reply and is
 *   skipped; a TCP record without flags, UDP and SCTP are taken as requests;
 * - L4 TCP, UDP or SCTP with a destination port; ICMP and records without L4 (L7-only,
 *   non-IP) are skipped;
 * - endpoints: a pod (namespace, labels, pod_name, workloads) or a reserved identity
 *   (`reserved:world`, `host`, `remote-node`, `kube-apiserver`, `ingress`, `unmanaged`
 *   become addresses, from `IP.source`/`IP.destination`); `reserved:health` and
 *   `reserved:init` are skipped. IPv6 addresses are skipped (IPv4 only).
 *
 * Other event kinds of a Hubble stream (node status, lost events, agent and debug
 * events) are counted as "not a flow". Lines that are not JSON objects are problems.
 */
import { isRecord } from '../../model/types.js';
import { parseIPv4 } from '../ip.js';
import type { Protocol } from '../ports.js';
import type { FlowEndpoint, FlowParse, FlowProblem, ObservedFlow, ReservedIdentity } from './types.js';

const VERDICTS: Record<number, string> = {
  1: 'FORWARDED',
  2: 'DROPPED',
  3: 'ERROR',
  4: 'AUDIT',
  5: 'REDIRECTED',
  6: 'TRACED',
  7: 'TRANSLATED',
};
const USED = new Set(['FORWARDED', 'REDIRECTED', 'AUDIT', 'TRACED']);
const SKIPPED = new Set(['DROPPED', 'ERROR', 'TRANSLATED']);

/** Cilium's numeric identities for the reserved ones (identity.go). */
const RESERVED_BY_ID: Record<number, string> = {
  1: 'host',
  2: 'world',
  3: 'unmanaged',
  4: 'health',
  5: 'init',
  6: 'remote-node',
  7: 'kube-apiserver',
  8: 'ingress',
  9: 'world',
  10: 'world',
};

/** Pod labels that identify nothing stable (template hashes, pod indexes, namespace copies). */
export const NOISE_LABEL =
  /^(pod-template-hash|controller-revision-hash|pod-template-generation|statefulset\.kubernetes\.io\/pod-name|apps\.kubernetes\.io\/pod-index|batch\.kubernetes\.io\/.*|job-name|controller-uid|io\.kubernetes\.pod\.namespace|io\.cilium\..*)$/;

function get(o: Record<string, unknown>, ...names: string[]): unknown {
  for (const n of names) if (o[n] !== undefined) return o[n];
  return undefined;
}

/** "k8s:app=web" -> ["app", "web"]; "reserved:world" -> ["reserved:world", ""]. */
function splitLabel(raw: string): { source: string; key: string; value: string } {
  const colon = raw.indexOf(':');
  const eq = raw.indexOf('=');
  const source = colon >= 0 && (eq < 0 || colon < eq) ? raw.slice(0, colon) : '';
  const rest = source ? raw.slice(colon + 1) : raw;
  const e = rest.indexOf('=');
  return e < 0
    ? { source, key: rest, value: '' }
    : { source, key: rest.slice(0, e), value: rest.slice(e + 1) };
}

type Endpoint = { ok: true; endpoint: FlowEndpoint } | { ok: false; skip?: string; problem?: string };

function endpointOf(raw: unknown, ip: string | undefined, names: unknown, role: string): Endpoint {
  const e = isRecord(raw) ? raw : {};
  const labels: Record<string, string> = {};
  let reserved: string | undefined;
  let namespace = typeof e.namespace === 'string' && e.namespace !== '' ? e.namespace : undefined;
  for (const l of Array.isArray(e.labels) ? e.labels : []) {
    if (typeof l !== 'string') continue;
    const { source, key, value } = splitLabel(l);
    if (source === 'reserved') {
      reserved ??= key === 'world-ipv4' || key === 'world-ipv6' ? 'world' : key;
      continue;
    }
    if (key === 'io.kubernetes.pod.namespace') namespace ??= value;
    if (source !== 'k8s' && source !== 'container' && source !== 'any' && source !== '') continue;
    if (NOISE_LABEL.test(key)) continue;
    labels[key] = value;
  }
  const identity = get(e, 'identity');
  if (!reserved && !namespace && typeof identity === 'number') reserved = RESERVED_BY_ID[identity];
  if (reserved === 'health') return { ok: false, skip: 'cilium-health probes' };
  if (reserved === 'init') return { ok: false, skip: 'identity not yet resolved (reserved:init)' };
  if (reserved || !namespace) {
    if (!reserved && !ip)
      return { ok: false, problem: `the ${role} has no namespace, identity or IP address` };
    if (ip === undefined)
      return { ok: false, problem: `the ${role} (reserved:${reserved}) has no IP address` };
    if (ip.includes(':')) return { ok: false, skip: 'IPv6 (not modelled)' };
    const n = parseIPv4(ip);
    if (n === undefined)
      return { ok: false, problem: `the ${role} address ${JSON.stringify(ip)} is not IPv4` };
    const dns = Array.isArray(names) ? names.filter((x): x is string => typeof x === 'string') : [];
    return {
      ok: true,
      endpoint: {
        kind: 'ip',
        first: n,
        last: n,
        reserved: (reserved ?? 'world') as ReservedIdentity,
        ...(dns.length ? { names: dns } : {}),
      },
    };
  }
  const workloads = Array.isArray(e.workloads) ? e.workloads.filter(isRecord) : [];
  const w = workloads[0];
  const podName = get(e, 'pod_name', 'podName');
  return {
    ok: true,
    endpoint: {
      kind: 'pod',
      namespace,
      labels,
      ...(w && typeof w.name === 'string' && w.name
        ? { workload: { name: w.name, ...(typeof w.kind === 'string' && w.kind ? { kind: w.kind } : {}) } }
        : {}),
      ...(typeof podName === 'string' && podName ? { podName } : {}),
    },
  };
}

/** Parses a Hubble export; never throws. */
export function parseHubble(text: string, file: string): FlowParse {
  const flows: ObservedFlow[] = [];
  const problems: FlowProblem[] = [];
  const skipped: Record<string, number> = {};
  const skip = (why: string) => {
    skipped[why] = (skipped[why] ?? 0) + 1;
  };
  let records = 0;
  let lineNo = 0;
  let start = 0;
  if (text.charCodeAt(0) === 0xfeff) start = 1;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    lineNo++;
    const line = text.slice(start, end).trim();
    start = end + 1;
    if (line === '') {
      if (end === text.length) break;
      continue;
    }
    records++;
    const problem = (message: string) => problems.push({ file, line: lineNo, message });
    let obj: unknown;
    try {
      obj = JSON.parse(line);
    } catch (err) {
      problem(`not JSON (${err instanceof Error ? err.message : String(err)})`);
      continue;
    }
    if (!isRecord(obj)) {
      problem('not a JSON object');
      continue;
    }
    let flow: Record<string, unknown>;
    if (isRecord(obj.flow)) flow = obj.flow;
    else if ('source' in obj || 'destination' in obj || 'l4' in obj || 'verdict' in obj || 'IP' in obj)
      flow = obj;
    else {
      if (
        Object.keys(obj).some((k) =>
          /^(node_status|nodeStatus|lost_events|lostEvents|agent_event|agentEvent|debug_event|debugEvent)$/.test(
            k,
          ),
        )
      )
        skip('not a flow (node, agent, debug or lost-events record)');
      else problem('no "flow" object (expected hubble observe -o jsonpb or -o json output)');
      continue;
    }
    // Verdict.
    let verdict = get(flow, 'verdict');
    if (typeof verdict === 'number') verdict = VERDICTS[verdict] ?? String(verdict);
    if (verdict === undefined) {
      problem('no verdict (VERDICT_UNKNOWN)');
      continue;
    }
    if (typeof verdict !== 'string' || (!USED.has(verdict) && !SKIPPED.has(verdict))) {
      problem(`unknown verdict ${JSON.stringify(verdict)}`);
      continue;
    }
    if (SKIPPED.has(verdict)) {
      skip(`verdict ${verdict}`);
      continue;
    }
    // L4.
    const l4 = get(flow, 'l4');
    if (!isRecord(l4)) {
      skip('no L4 (L7-only or non-IP record)');
      continue;
    }
    const proto = (['TCP', 'UDP', 'SCTP'] as const).find((p) => isRecord(l4[p]));
    if (!proto) {
      if (isRecord(l4.ICMPv4) || isRecord(l4.ICMPv6)) skip('ICMP (not expressible in a NetworkPolicy)');
      else problem(`unknown L4 protocol ${JSON.stringify(Object.keys(l4))}`);
      continue;
    }
    const l4p = l4[proto] as Record<string, unknown>;
    const port = get(l4p, 'destination_port', 'destinationPort');
    if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535) {
      problem(`${proto} destination port ${JSON.stringify(port)} is not a number in 1-65535`);
      continue;
    }
    // Direction of the connection.
    const reply = get(flow, 'is_reply', 'isReply');
    const isReply = isRecord(reply) ? reply.value : reply;
    if (isReply === true) {
      skip('reply');
      continue;
    }
    if (isReply === undefined && proto === 'TCP' && isRecord(l4p.flags)) {
      const f = l4p.flags;
      if (!(f.SYN === true && f.ACK !== true)) {
        skip('reply or mid-connection (no is_reply and not a SYN)');
        continue;
      }
    }
    // Endpoints.
    const ip = isRecord(flow.IP) ? flow.IP : isRecord(flow.ip) ? flow.ip : {};
    const srcIp = typeof ip.source === 'string' ? ip.source : undefined;
    const dstIp = typeof ip.destination === 'string' ? ip.destination : undefined;
    const src = endpointOf(flow.source, srcIp, get(flow, 'source_names', 'sourceNames'), 'source');
    const dst = endpointOf(
      flow.destination,
      dstIp,
      get(flow, 'destination_names', 'destinationNames'),
      'destination',
    );
    const bad = [src, dst].find((x) => !x.ok) as { ok: false; skip?: string; problem?: string } | undefined;
    if (bad) {
      if (bad.problem) problem(bad.problem);
      else skip(bad.skip!);
      continue;
    }
    flows.push({
      src: (src as { endpoint: FlowEndpoint }).endpoint,
      dst: (dst as { endpoint: FlowEndpoint }).endpoint,
      protocol: proto as Protocol,
      port,
      location: { file, line: lineNo },
    });
  }
  return { flows, problems, records, skipped };
}
