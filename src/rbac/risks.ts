/**
 * The catalogue of dangerous permissions (notes/rbac.md §4), evaluated per subject.
 *
 * A risk is a set of probe requests: the subject has the risk where one of its rules
 * allows a probe (`any`), or every probe (`all`, for combinations such as CSR
 * approval). Probes are requests evaluated with the authorizer's own matching
 * (rules.ts), so wildcards, subresources and resourceNames count exactly as they do
 * in a cluster: probes carry no name, so a rule limited by resourceNames (e.g. `get`
 * one named Secret) does not make a subject "read every Secret" (kubescape#3201).
 *
 * Scope: a ClusterRoleBinding grants a risk cluster-wide; a RoleBinding only in its
 * namespace, and never for a cluster-scoped resource (except the namespace object
 * itself, whose requests carry its own name as namespace). Namespaced grants in
 * kube-system are rated like cluster-wide ones: its service accounts are
 * cluster-admin equivalent controllers.
 *
 * Expected grants: Kubernetes' own components hold many of these rights. A grant is
 * treated as expected, and left out of risk findings (not out of who-can or paths),
 * when its subject is a `system:` user or group other than the broad ones
 * (system:authenticated, system:unauthenticated, system:serviceaccounts[:ns],
 * system:anonymous), or is a kube-system service account bound by a bootstrap
 * binding (a `system:` binding name, the `kubernetes.io/bootstrapping:
 * rbac-defaults` label, or kzt's builtin defaults).
 */
import type { Severity } from '../engine/types.js';
import { asRecord, stringMap } from '../model/types.js';
import type { BindingDef, BindingSubject, GrantMatch, RbacIndex } from './index.js';
import type { RequestAttributes } from './request.js';
import { formatRule, type PolicyRule, ruleAllows } from './rules.js';
import { describeSubject, GROUP, type SubjectRef, subjectKey } from './subjects.js';

export const PRIVILEGED_NAMESPACES: ReadonlySet<string> = new Set(['kube-system']);

export type RiskCheck =
  | 'wildcards'
  | 'escalation'
  | 'workload-creation'
  | 'pod-access'
  | 'node-storage'
  | 'secrets'
  | 'cluster-control';

interface Probe {
  verbs: readonly string[];
  group: string;
  /** One resource, or alternatives (any of them). */
  resource: string | readonly string[];
  subresource?: string;
  /** Cluster-scoped: only ClusterRoleBindings grant it. */
  cluster?: boolean;
}

export interface RiskDef {
  id: string;
  check: RiskCheck;
  /** What the subject can do, completed by the scope ("in every namespace", "in namespace x"). */
  can: string;
  why: string;
  severity: { cluster: Severity; namespace: Severity };
  probes: readonly Probe[];
  mode: 'any' | 'all';
  /** Not reported when the subject also has one of these risks in the same scope (a superset). */
  impliedBy?: readonly string[];
}

const RBAC = 'rbac.authorization.k8s.io';
const WRITE = ['create', 'update', 'patch'];

const p = (
  verbs: string[],
  group: string,
  resource: string | string[],
  extra: Partial<Probe> = {},
): Probe => ({
  verbs,
  group,
  resource,
  ...extra,
});

export const RISKS: readonly RiskDef[] = [
  {
    id: 'full-wildcard',
    check: 'wildcards',
    can: 'do anything (* verbs on * resources in * API groups)',
    why: 'this is cluster-admin: full control, including reading every Secret and running privileged pods on any node',
    severity: { cluster: 'critical', namespace: 'high' },
    probes: [p(['*'], '*', '*')],
    mode: 'any',
  },
  {
    id: 'wildcard-resources',
    check: 'wildcards',
    can: 'act on every resource of a built-in API group (resources: *)',
    why: 'a resource wildcard covers secrets, pods, workloads and RBAC objects, and every subresource such as pods/exec, including resources added in later Kubernetes versions',
    severity: { cluster: 'high', namespace: 'medium' },
    probes: ['', 'apps', 'batch', RBAC].map((g) =>
      p(['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection'], g, '*'),
    ),
    mode: 'any',
    impliedBy: ['full-wildcard'],
  },
  {
    id: 'escalate',
    check: 'escalation',
    can: 'escalate roles (create or update roles with permissions it does not hold)',
    why: 'escalate bypasses RBAC escalation prevention: the subject can write any rule into a role bound to it',
    severity: { cluster: 'critical', namespace: 'high' },
    probes: [p(['escalate'], RBAC, 'roles'), p(['escalate'], RBAC, 'clusterroles')],
    mode: 'any',
    impliedBy: ['full-wildcard'],
  },
  {
    id: 'bind',
    check: 'escalation',
    can: 'bind any role (bind on roles or clusterroles) and create bindings',
    why: 'with bind and binding creation the subject can grant itself any role, cluster-admin included',
    severity: { cluster: 'critical', namespace: 'high' },
    probes: [
      p(['bind'], RBAC, ['roles', 'clusterroles']),
      p(['create', 'update', 'patch'], RBAC, ['rolebindings', 'clusterrolebindings'], { cluster: false }),
    ],
    mode: 'all',
    impliedBy: ['full-wildcard'],
  },
  {
    id: 'impersonate',
    check: 'escalation',
    can: 'impersonate users, groups or service accounts',
    why: 'impersonating the group system:masters, or any privileged user or service account, acts with its permissions',
    severity: { cluster: 'critical', namespace: 'high' },
    probes: [
      p(['impersonate'], '', 'users', { cluster: true }),
      p(['impersonate'], '', 'groups', { cluster: true }),
      p(['impersonate'], '', 'serviceaccounts'),
      p(['impersonate'], 'authentication.k8s.io', 'uids', { cluster: true }),
      p(['impersonate'], 'authentication.k8s.io', 'userextras', { subresource: 'scopes', cluster: true }),
    ],
    mode: 'any',
    impliedBy: ['full-wildcard'],
  },
  {
    id: 'rbac-write',
    check: 'escalation',
    can: 'create or modify roles or role bindings',
    why: 'it can spread the permissions it holds to other subjects and edit roles other subjects are bound to (aggregation labels inject rules into admin, edit and view)',
    severity: { cluster: 'high', namespace: 'medium' },
    probes: ['roles', 'clusterroles', 'rolebindings', 'clusterrolebindings'].map((r) =>
      p(WRITE, RBAC, r, { cluster: r.startsWith('cluster') }),
    ),
    mode: 'any',
    impliedBy: ['full-wildcard', 'escalate', 'bind'],
  },
  {
    id: 'create-pods',
    check: 'workload-creation',
    can: 'create pods',
    why: 'a pod can run as any service account of its namespace (and so take its token), mount its Secrets, and if admission allows, run privileged on a node',
    severity: { cluster: 'high', namespace: 'medium' },
    probes: [p(['create'], '', 'pods')],
    mode: 'any',
    impliedBy: ['full-wildcard', 'wildcard-resources'],
  },
  {
    id: 'create-workloads',
    check: 'workload-creation',
    can: 'create or modify workload controllers (deployments, daemonsets, statefulsets, replicasets, jobs, cronjobs, replicationcontrollers)',
    why: 'a controller creates pods from its template, with the same reach as creating pods: any service account of the namespace, its Secrets, node access',
    severity: { cluster: 'high', namespace: 'medium' },
    probes: [
      ...['deployments', 'daemonsets', 'statefulsets', 'replicasets'].map((r) => p(WRITE, 'apps', r)),
      ...['jobs', 'cronjobs'].map((r) => p(WRITE, 'batch', r)),
      p(WRITE, '', 'replicationcontrollers'),
    ],
    mode: 'any',
    impliedBy: ['full-wildcard', 'wildcard-resources'],
  },
  {
    id: 'modify-pods',
    check: 'workload-creation',
    can: 'update or patch pods',
    why: "changing a running pod's image runs new code with the pod's service account token",
    severity: { cluster: 'medium', namespace: 'low' },
    probes: [p(['update', 'patch'], '', 'pods')],
    mode: 'any',
    impliedBy: ['full-wildcard', 'wildcard-resources'],
  },
  {
    id: 'pods-exec',
    check: 'pod-access',
    can: 'exec into pods (pods/exec)',
    why: 'code execution in running containers, with their service account tokens and mounted Secrets; before Kubernetes 1.35 `get` on pods/exec is enough (WebSocket)',
    severity: { cluster: 'high', namespace: 'medium' },
    probes: [p(['create', 'get'], '', 'pods', { subresource: 'exec' })],
    mode: 'any',
    impliedBy: ['full-wildcard', 'wildcard-resources'],
  },
  {
    id: 'pods-attach',
    check: 'pod-access',
    can: 'attach to pods (pods/attach)',
    why: "attaching to a container's stdin runs commands in shells and interactive processes",
    severity: { cluster: 'medium', namespace: 'low' },
    probes: [p(['create', 'get'], '', 'pods', { subresource: 'attach' })],
    mode: 'any',
    impliedBy: ['full-wildcard', 'wildcard-resources'],
  },
  {
    id: 'pods-portforward',
    check: 'pod-access',
    can: 'port-forward to pods (pods/portforward)',
    why: 'port-forwarding reaches any port of a pod from outside, bypassing NetworkPolicies and ingress authentication',
    severity: { cluster: 'medium', namespace: 'low' },
    probes: [p(['create', 'get'], '', 'pods', { subresource: 'portforward' })],
    mode: 'any',
    impliedBy: ['full-wildcard', 'wildcard-resources'],
  },
  {
    id: 'ephemeral-containers',
    check: 'pod-access',
    can: 'add ephemeral containers to pods (pods/ephemeralcontainers)',
    why: 'an ephemeral container joins a running pod, with its service account token and volumes',
    severity: { cluster: 'high', namespace: 'medium' },
    probes: [p(['update', 'patch'], '', 'pods', { subresource: 'ephemeralcontainers' })],
    mode: 'any',
    impliedBy: ['full-wildcard', 'wildcard-resources'],
  },
  {
    id: 'nodes-proxy',
    check: 'node-storage',
    can: 'reach the kubelet API through nodes/proxy',
    why: 'the kubelet API runs commands in every pod of every node and bypasses admission and audit; `get` is enough (WebSocket upgrade), so "read-only" monitoring roles are affected',
    severity: { cluster: 'critical', namespace: 'critical' },
    probes: [p(['get', 'create'], '', 'nodes', { subresource: 'proxy', cluster: true })],
    mode: 'any',
    impliedBy: ['full-wildcard', 'wildcard-resources'],
  },
  {
    id: 'create-persistentvolumes',
    check: 'node-storage',
    can: 'create PersistentVolumes',
    why: 'a hostPath PersistentVolume mounts any directory of a node into a pod, bypassing pod security admission',
    severity: { cluster: 'high', namespace: 'high' },
    probes: [p(['create'], '', 'persistentvolumes', { cluster: true })],
    mode: 'any',
    impliedBy: ['full-wildcard', 'wildcard-resources'],
  },
  {
    id: 'modify-nodes',
    check: 'node-storage',
    can: 'modify or delete nodes (labels, taints, status)',
    why: 'relabelling or tainting nodes steers privileged pods onto a node the subject controls, or evicts workloads',
    severity: { cluster: 'medium', namespace: 'medium' },
    probes: [
      p(['update', 'patch', 'delete'], '', 'nodes', { cluster: true }),
      p(['update', 'patch'], '', 'nodes', { subresource: 'status', cluster: true }),
    ],
    mode: 'any',
    impliedBy: ['full-wildcard', 'wildcard-resources'],
  },
  {
    id: 'read-secrets',
    check: 'secrets',
    can: 'read Secrets (get, list or watch secrets)',
    why: 'Secrets hold credentials, including legacy service account tokens that let the reader act as those accounts; `get` alone still reads any Secret whose name is known or guessed',
    severity: { cluster: 'critical', namespace: 'medium' },
    probes: [p(['get', 'list', 'watch'], '', 'secrets')],
    mode: 'any',
    impliedBy: ['full-wildcard', 'wildcard-resources'],
  },
  {
    id: 'token-request',
    check: 'secrets',
    can: 'request service account tokens (serviceaccounts/token)',
    why: 'a TokenRequest returns a token of any service account in scope: the subject becomes that account',
    severity: { cluster: 'critical', namespace: 'medium' },
    probes: [p(['create'], '', 'serviceaccounts', { subresource: 'token' })],
    mode: 'any',
    impliedBy: ['full-wildcard', 'wildcard-resources'],
  },
  {
    id: 'csr-approval',
    check: 'cluster-control',
    can: 'create and approve certificate signing requests for any signer',
    why: 'a kube-apiserver-client certificate for any identity, including group system:masters, is a permanent cluster-admin credential that RBAC cannot revoke',
    severity: { cluster: 'critical', namespace: 'critical' },
    probes: [
      p(['create'], 'certificates.k8s.io', 'certificatesigningrequests', { cluster: true }),
      p(['update', 'patch'], 'certificates.k8s.io', 'certificatesigningrequests', {
        subresource: 'approval',
        cluster: true,
      }),
      p(['approve'], 'certificates.k8s.io', 'signers', { cluster: true }),
    ],
    mode: 'all',
    impliedBy: ['full-wildcard'],
  },
  {
    id: 'admission-webhooks',
    check: 'cluster-control',
    can: 'create or modify admission webhook configurations',
    why: 'a webhook receives every object it matches, Secrets included, and a mutating one can rewrite pods; deleting or failing one open disables policy enforcement',
    severity: { cluster: 'critical', namespace: 'critical' },
    probes: ['mutatingwebhookconfigurations', 'validatingwebhookconfigurations'].map((r) =>
      p([...WRITE, 'delete'], 'admissionregistration.k8s.io', r, { cluster: true }),
    ),
    mode: 'any',
    impliedBy: ['full-wildcard'],
  },
  {
    id: 'admission-policies',
    check: 'cluster-control',
    can: 'create or modify admission policies (ValidatingAdmissionPolicy, MutatingAdmissionPolicy and their bindings)',
    why: 'admission policies are guardrails: whoever edits them can switch them off or, with mutating policies, rewrite objects',
    severity: { cluster: 'high', namespace: 'high' },
    probes: [
      'validatingadmissionpolicies',
      'validatingadmissionpolicybindings',
      'mutatingadmissionpolicies',
      'mutatingadmissionpolicybindings',
    ].map((r) => p([...WRITE, 'delete'], 'admissionregistration.k8s.io', r, { cluster: true })),
    mode: 'any',
    impliedBy: ['full-wildcard'],
  },
  {
    id: 'crds',
    check: 'cluster-control',
    can: 'create, modify or delete CustomResourceDefinitions',
    why: 'CRDs add API types with conversion webhooks and can shadow or remove the resources that operators and policy engines rely on',
    severity: { cluster: 'medium', namespace: 'medium' },
    probes: [p([...WRITE, 'delete'], 'apiextensions.k8s.io', 'customresourcedefinitions', { cluster: true })],
    mode: 'any',
    impliedBy: ['full-wildcard'],
  },
  {
    id: 'apiservices',
    check: 'cluster-control',
    can: 'create or modify APIServices',
    why: "an APIService routes a whole API group to a backend of the subject's choosing, which then sees the requests (and credentials) of every client of that group",
    severity: { cluster: 'high', namespace: 'high' },
    probes: [p([...WRITE], 'apiregistration.k8s.io', 'apiservices', { cluster: true })],
    mode: 'any',
    impliedBy: ['full-wildcard'],
  },
  {
    id: 'namespace-relabel',
    check: 'cluster-control',
    can: 'modify namespace objects (labels included)',
    why: 'relabelling a namespace lowers its pod-security-admission level and changes which NetworkPolicy namespaceSelectors admit it; a RoleBinding is enough for its own namespace',
    severity: { cluster: 'high', namespace: 'medium' },
    probes: [p(['update', 'patch'], '', 'namespaces', { cluster: true })],
    mode: 'any',
    impliedBy: ['full-wildcard', 'wildcard-resources'],
  },
];

export const RISK_BY_ID: ReadonlyMap<string, RiskDef> = new Map(RISKS.map((r) => [r.id, r]));

/** Where a risk applies: '*' = cluster-wide, or the namespaces. */
export interface RiskFinding {
  risk: RiskDef;
  subject: SubjectRef;
  /** Cluster-wide when any grant is cluster-wide. */
  clusterWide: boolean;
  namespaces: string[];
  severity: Severity;
  /** The grants that give it (for `all` risks, one per probe), ClusterRoleBindings first. */
  grants: GrantMatch[];
}

const BROAD_GROUPS = new Set<string>([GROUP.authenticated, GROUP.unauthenticated, GROUP.serviceAccounts]);

export function isBroadGroup(name: string): boolean {
  return BROAD_GROUPS.has(name) || name.startsWith(`${GROUP.serviceAccounts}:`);
}

export function isBootstrapBinding(b: BindingDef): boolean {
  if (b.builtin || b.name.startsWith('system:')) return true;
  const labels = stringMap(asRecord(b.resource?.object.metadata)?.labels);
  return labels['kubernetes.io/bootstrapping'] === 'rbac-defaults';
}

/** A grant that Kubernetes' own components are expected to hold (see the header). */
export function isExpectedGrant(binding: BindingDef, subject: BindingSubject): boolean {
  if (subject.kind === 'ServiceAccount')
    return subject.namespace === 'kube-system' && isBootstrapBinding(binding);
  if (subject.kind === 'Group') return subject.name.startsWith('system:') && !isBroadGroup(subject.name);
  return (
    subject.name.startsWith('system:') &&
    subject.name !== GROUP.anonymousUser &&
    !subject.name.startsWith('system:serviceaccount:')
  );
}

export interface SubjectGrants {
  subject: SubjectRef;
  grants: GrantMatch[];
}

/**
 * Every binding subject with the grants that name it directly (expected grants left
 * out unless `includeExpected`). With `riskyOnly`, only the rules that give some risk
 * of the catalogue: most rules give none, and not materialising them keeps the
 * analysis of a large cluster from drowning in garbage collection.
 */
export function grantsBySubject(
  index: RbacIndex,
  opts: { includeExpected?: boolean; riskyOnly?: boolean } = {},
): SubjectGrants[] {
  const out = new Map<string, SubjectGrants>();
  for (const binding of index.bindings) {
    const role = index.roleOf(binding);
    if (!role) continue;
    for (const subject of binding.subjects) {
      if (!opts.includeExpected && isExpectedGrant(binding, subject)) continue;
      const ref: SubjectRef = {
        kind: subject.kind,
        name: subject.name,
        ...(subject.namespace !== undefined ? { namespace: subject.namespace } : {}),
      };
      const key = subjectKey(ref);
      let entry = out.get(key);
      if (!entry) {
        entry = { subject: ref, grants: [] };
        out.set(key, entry);
      }
      const rules = role.rules;
      for (let ruleIndex = 0; ruleIndex < rules.length; ruleIndex++) {
        const rule = rules[ruleIndex]!;
        if (!opts.riskyOnly || isRiskyRule(rule))
          entry.grants.push({ binding, subject, role, ruleIndex, rule });
      }
    }
  }
  return [...out.values()];
}

/** Whether a rule gives any risk of the catalogue (cached per rule). */
export function isRiskyRule(rule: PolicyRule): boolean {
  return probesOf(rule, RISKS).size > 0;
}

const requestsOfProbe = new WeakMap<Probe, RequestAttributes[]>();

function probeRequests(probe: Probe): RequestAttributes[] {
  let out = requestsOfProbe.get(probe);
  if (!out) {
    const resources = typeof probe.resource === 'string' ? [probe.resource] : probe.resource;
    out = resources.flatMap((resource) =>
      probe.verbs.map(
        (verb): RequestAttributes => ({
          kind: 'resource',
          verb,
          apiGroup: probe.group,
          resource,
          subresource: probe.subresource ?? '',
          namespace: '',
          name: '',
        }),
      ),
    );
    requestsOfProbe.set(probe, out);
  }
  return out;
}

/**
 * Which probes of the catalogue a rule allows, computed once per rule: rules are
 * shared by every subject bound to their role, so the catalogue costs
 * O(rules × probes), and a subject's risks O(its grants).
 */
const probeHits = new WeakMap<PolicyRule, Set<Probe>>();

function probesOf(rule: PolicyRule, risks: readonly RiskDef[]): Set<Probe> {
  let hits = probeHits.get(rule);
  if (!hits) {
    hits = new Set();
    if (rule.verbs.length > 0)
      for (const risk of RISKS)
        for (const probe of risk.probes)
          if (probeRequests(probe).some((r) => ruleAllows(rule, r))) hits.add(probe);
    probeHits.set(rule, hits);
  }
  if (risks !== RISKS) {
    // A custom catalogue: its probes are not cached.
    const extra = new Set(hits);
    for (const risk of risks)
      for (const probe of risk.probes)
        if (!extra.has(probe) && probeRequests(probe).some((r) => ruleAllows(rule, r))) extra.add(probe);
    return extra;
  }
  return hits;
}

/** Scope in which a grant gives a probe it allows: '*' (cluster-wide), a namespace, or undefined. */
function probeScope(g: GrantMatch, probe: Probe): string | undefined {
  if (g.binding.kind === 'RoleBinding' && probe.cluster && probe.resource !== 'namespaces') return undefined;
  return g.binding.kind === 'ClusterRoleBinding' ? '*' : g.binding.namespace;
}

/** The risks of one subject's grants. */
export function risksOf(
  subject: SubjectRef,
  grants: readonly GrantMatch[],
  risks: readonly RiskDef[] = RISKS,
): RiskFinding[] {
  if (grants.length === 0) return [];
  const found = new Map<string, { scopes: Map<string, GrantMatch[]> }>();
  // One pass over the grants: which grants give which probe.
  const byProbe = new Map<Probe, GrantMatch[]>();
  for (const g of grants)
    for (const probe of probesOf(g.rule, risks)) {
      const l = byProbe.get(probe);
      if (l) l.push(g);
      else byProbe.set(probe, [g]);
    }
  for (const risk of risks) {
    if (risk.probes.every((p) => !byProbe.has(p))) continue;
    const perProbe = risk.probes.map((probe) => {
      const scopes = new Map<string, GrantMatch[]>();
      for (const g of byProbe.get(probe) ?? []) {
        const s = probeScope(g, probe);
        if (s === undefined) continue;
        const l = scopes.get(s);
        if (l) l.push(g);
        else scopes.set(s, [g]);
      }
      return scopes;
    });
    const scopes = new Map<string, GrantMatch[]>();
    if (risk.mode === 'any') {
      for (const m of perProbe) for (const [s, gs] of m) scopes.set(s, [...(scopes.get(s) ?? []), ...gs]);
    } else {
      // Every probe must be satisfied in the scope (cluster-wide grants satisfy every scope).
      const candidates = new Set<string>();
      for (const m of perProbe) for (const s of m.keys()) candidates.add(s);
      for (const s of candidates) {
        const picks: GrantMatch[] = [];
        let ok = true;
        for (const m of perProbe) {
          const g = m.get(s)?.[0] ?? m.get('*')?.[0];
          if (!g) {
            ok = false;
            break;
          }
          picks.push(g);
        }
        if (ok) scopes.set(s, picks);
      }
      if (scopes.has('*'))
        for (const s of [...scopes.keys()])
          if (s !== '*' && scopes.get(s)!.every((g) => g.binding.kind === 'ClusterRoleBinding'))
            scopes.delete(s);
    }
    if (scopes.size > 0) found.set(risk.id, { scopes });
  }
  const out: RiskFinding[] = [];
  for (const risk of risks) {
    const f = found.get(risk.id);
    if (!f) continue;
    // Drop the scopes where a stronger risk of the subject already says it all.
    const scopes = new Map(f.scopes);
    for (const sup of risk.impliedBy ?? []) {
      const other = found.get(sup)?.scopes;
      if (!other) continue;
      if (other.has('*')) scopes.clear();
      for (const s of other.keys()) scopes.delete(s);
    }
    if (scopes.size === 0) continue;
    const clusterWide = scopes.has('*');
    const namespaces = [...scopes.keys()].filter((s) => s !== '*').sort();
    const privileged = namespaces.some((n) => PRIVILEGED_NAMESPACES.has(n));
    const grantsOut = [...scopes.entries()]
      .sort(([a], [b]) => (a === '*' ? -1 : b === '*' ? 1 : a < b ? -1 : 1))
      .flatMap(([, gs]) => gs);
    out.push({
      risk,
      subject,
      clusterWide,
      namespaces: clusterWide ? [] : namespaces,
      severity: clusterWide || privileged ? risk.severity.cluster : risk.severity.namespace,
      grants: grantsOut,
    });
  }
  return out;
}

/** "in every namespace" / "in namespace a" / "in namespaces a, b and 3 more". */
export function describeScope(f: Pick<RiskFinding, 'clusterWide' | 'namespaces'>): string {
  if (f.clusterWide) return 'cluster-wide';
  if (f.namespaces.length === 1) return `in namespace ${f.namespaces[0]}`;
  const shown = f.namespaces.slice(0, 3).join(', ');
  return `in namespaces ${shown}${f.namespaces.length > 3 ? ` and ${f.namespaces.length - 3} more` : ''}`;
}

export function describeGrantChain(g: GrantMatch): string {
  const b = g.binding;
  const loc = b.resource?.locate([]);
  const where = loc
    ? ` (${loc.file}${loc.line ? `:${loc.line}` : ''})`
    : b.builtin
      ? ' (Kubernetes default)'
      : '';
  const binding =
    b.kind === 'RoleBinding' ? `RoleBinding ${b.namespace}/${b.name}` : `ClusterRoleBinding ${b.name}`;
  const role =
    g.role.kind === 'Role' ? `Role ${g.role.namespace}/${g.role.name}` : `ClusterRole ${g.role.name}`;
  const origin = g.role.origins?.[g.ruleIndex];
  const from = origin ? ` from ${origin.role} rule ${origin.rule}` : '';
  const text = formatRule(g.rule);
  return `${binding}${where} → ${role} rule ${g.ruleIndex}${from} (${text.length > 80 ? `${text.slice(0, 77)}...` : text})`;
}

/** One-line finding text: who, what, where, through which grants, and why it matters. */
export function riskMessage(f: RiskFinding): string {
  const chains = [...new Set(f.grants.map(describeGrantChain))];
  const more = chains.length > 2 ? ` and ${chains.length - 2} more grant(s)` : '';
  return `${describeSubject(f.subject)} can ${f.risk.can} ${describeScope(f)}, via ${chains.slice(0, 2).join('; ')}${more}. Why it matters: ${f.risk.why}.`;
}

/** All risk findings of an index, per subject (expected system grants excluded). */
export function analyseRisks(index: RbacIndex): RiskFinding[] {
  const out: RiskFinding[] = [];
  for (const { subject, grants } of grantsBySubject(index, { riskyOnly: true }))
    if (grants.length > 0) out.push(...risksOf(subject, grants));
  return out;
}
