/**
 * The escalation graph: nodes are identities (users, groups, service accounts) and
 * three capabilities (cluster-admin, every Secret, node access); each edge is a
 * technique that turns what one node can do into another node's power, with the
 * grants that allow it as evidence.
 *
 * Techniques (each from the subject's own grants; membership edges carry group grants):
 * - member-of: a service account is in system:serviceaccounts[:ns] and
 *   system:authenticated; a user in system:authenticated; system:anonymous in
 *   system:unauthenticated;
 * - holds: `*` on `*` cluster-wide is cluster-admin;
 * - create-pod / create-workload in N: run a pod as any service account of N; where N
 *   does not enforce Pod Security `baseline` or `restricted`, run a privileged pod (node
 *   access);
 * - exec / attach / ephemeral containers in N: act with the token of a running pod of N;
 * - token-request in N: a TokenRequest for a service account of N;
 * - read-token-secret in N: read a legacy `kubernetes.io/service-account-token` Secret;
 *   create-token-secret in N: create one, which the token controller fills;
 * - read every Secret (list/get cluster-wide): the "all Secrets" capability, which
 *   holds every legacy token;
 * - impersonate users / groups / service accounts (system:masters is cluster-admin);
 * - bind (any role, plus creating bindings) and escalate (plus writing roles):
 *   cluster-admin cluster-wide, or every service account of the namespace;
 * - nodes/proxy, PersistentVolume creation: node access; node access reaches the tokens
 *   of DaemonSet pods, which run on every node (other pods are not counted: where they
 *   run is the scheduler's choice);
 * - CSR approval for any signer: a system:masters certificate;
 * - mutating webhook configuration control: rewrite pods at admission.
 * resourceNames are honoured: `impersonate` of named users, a TokenRequest for named
 * accounts, `bind` of named roles reach only those.
 */
import type { Inventory } from '../model/inventory.js';
import { resolveServiceAccountToken } from '../model/service-account-token.js';
import { asRecord, isRecord, stringMap } from '../model/types.js';
import { serviceAccountOf, type Workload } from '../model/workloads.js';
import { accountKey, GraphNodes } from './escalation-nodes.js';
import type { GrantMatch, RbacIndex } from './index.js';
import type { RequestAttributes } from './request.js';
import { isFullWildcard, type PolicyRule, ruleAllows } from './rules.js';
import { GROUP, type SubjectRef, subjectKey } from './subjects.js';
import { apiTokenOf, type WorkloadIdentities } from './workload-identity.js';

export type TargetName = 'cluster-admin' | 'all-secrets' | 'node-access';

export const TARGETS: readonly TargetName[] = ['cluster-admin', 'all-secrets', 'node-access'];

/**
 * A hub stands for "any service account of namespace N (or of every namespace) that a
 * technique reaches": subjects point at the hub, the hub at the accounts, so a
 * cluster-wide grant costs one edge instead of one per service account of the cluster.
 * Edges out of a hub cost no step; paths fold hubs into the hop that enters them.
 */
export interface HubNode {
  kind: 'Hub';
  technique: string;
  /** A namespace, or '*' for every namespace. */
  namespace: string;
}

export type GraphNode = SubjectRef | { kind: 'Target'; name: TargetName } | HubNode;

export const TARGET_TEXT: Record<TargetName, string> = {
  'cluster-admin': 'cluster-admin (full control of the cluster)',
  'all-secrets': 'every Secret in the cluster',
  'node-access': 'code execution on nodes (and every pod token there)',
};

export interface GraphEdge {
  from: string;
  to: string;
  technique: string;
  /** One sentence: how `from` becomes `to`. */
  explanation: string;
  evidence: readonly GrantMatch[];
}

export function nodeKey(n: GraphNode): string {
  if (n.kind === 'Hub') return `Hub:${n.technique}:${n.namespace}`;
  return n.kind === 'Target' ? `Target:${n.name}` : subjectKey(n);
}

export function describeNode(n: GraphNode): string {
  if (n.kind === 'Target') return TARGET_TEXT[n.name];
  if (n.kind === 'Hub')
    return `any service account ${n.namespace === '*' ? 'of any namespace' : `of namespace ${n.namespace}`} (${n.technique})`;
  return n.kind === 'ServiceAccount' ? `ServiceAccount ${n.namespace}/${n.name}` : `${n.kind} ${n.name}`;
}

interface Probe {
  verbs: readonly string[];
  group: string;
  resources: readonly string[];
  subresource?: string;
  cluster?: boolean;
}

/** Where (and for which names) the grants allow a probe. `names` undefined = any name. */
interface Reach {
  scope: string;
  names?: string[];
  grant: GrantMatch;
}

/** What one rule allows of a probe: any name, some names, or nothing (cached per rule: rules are shared). */
const ruleReach = new WeakMap<PolicyRule, Map<Probe, true | string[] | false>>();

const unnamedRequests = new WeakMap<Probe, RequestAttributes[]>();

function requestsOf(probe: Probe, name: string): RequestAttributes[] {
  const make = () =>
    probe.verbs.flatMap((verb) =>
      probe.resources.map(
        (resource): RequestAttributes => ({
          kind: 'resource',
          verb,
          apiGroup: probe.group,
          resource,
          subresource: probe.subresource ?? '',
          namespace: '',
          name,
        }),
      ),
    );
  if (name !== '') return make();
  let r = unnamedRequests.get(probe);
  if (!r) {
    r = make();
    unnamedRequests.set(probe, r);
  }
  return r;
}

function ruleReachOf(rule: PolicyRule, probe: Probe): true | string[] | false {
  let m = ruleReach.get(rule);
  if (!m) {
    m = new Map();
    ruleReach.set(rule, m);
  }
  let r = m.get(probe);
  if (r !== undefined) return r;
  if (rule.verbs.length === 0) r = false;
  else if (requestsOf(probe, '').some((q) => ruleAllows(rule, q))) r = true;
  else {
    const names = rule.resourceNames.filter((n) => requestsOf(probe, n).some((q) => ruleAllows(rule, q)));
    r = names.length > 0 ? names : false;
  }
  m.set(probe, r);
  return r;
}

function reach(grants: readonly GrantMatch[], probe: Probe): Reach[] {
  const out: Reach[] = [];
  for (const g of grants) {
    if (g.binding.kind === 'RoleBinding' && probe.cluster) continue;
    const r = ruleReachOf(g.rule, probe);
    if (r === false) continue;
    const scope = g.binding.kind === 'ClusterRoleBinding' ? '*' : g.binding.namespace;
    out.push(r === true ? { scope, grant: g } : { scope, names: r, grant: g });
  }
  return out;
}

const techniqueRule = new WeakMap<PolicyRule, boolean>();

/** Whether a rule serves any technique (cached per rule); the others are never materialised as grants. */
function isTechniqueRule(rule: PolicyRule): boolean {
  let r = techniqueRule.get(rule);
  if (r === undefined) {
    r =
      isFullWildcard(rule) ||
      Object.values(P).some((p) => (Array.isArray(p) ? p : [p]).some((x) => ruleReachOf(rule, x) !== false));
    techniqueRule.set(rule, r);
  }
  return r;
}

const P = {
  createPods: { verbs: ['create'], group: '', resources: ['pods'] },
  createWorkloads: [
    {
      verbs: ['create', 'update', 'patch'],
      group: 'apps',
      resources: ['deployments', 'daemonsets', 'statefulsets', 'replicasets'],
    },
    { verbs: ['create', 'update', 'patch'], group: 'batch', resources: ['jobs', 'cronjobs'] },
    { verbs: ['create', 'update', 'patch'], group: '', resources: ['replicationcontrollers'] },
  ],
  exec: { verbs: ['create', 'get'], group: '', resources: ['pods'], subresource: 'exec' },
  attach: { verbs: ['create', 'get'], group: '', resources: ['pods'], subresource: 'attach' },
  ephemeral: {
    verbs: ['update', 'patch'],
    group: '',
    resources: ['pods'],
    subresource: 'ephemeralcontainers',
  },
  token: { verbs: ['create'], group: '', resources: ['serviceaccounts'], subresource: 'token' },
  readSecrets: { verbs: ['get', 'list', 'watch'], group: '', resources: ['secrets'] },
  listSecrets: { verbs: ['list', 'watch'], group: '', resources: ['secrets'] },
  createSecrets: { verbs: ['create'], group: '', resources: ['secrets'] },
  impUsers: { verbs: ['impersonate'], group: '', resources: ['users'], cluster: true },
  impGroups: { verbs: ['impersonate'], group: '', resources: ['groups'], cluster: true },
  impSAs: { verbs: ['impersonate'], group: '', resources: ['serviceaccounts'] },
  bind: { verbs: ['bind'], group: 'rbac.authorization.k8s.io', resources: ['clusterroles', 'roles'] },
  createCRB: {
    verbs: ['create', 'update', 'patch'],
    group: 'rbac.authorization.k8s.io',
    resources: ['clusterrolebindings'],
    cluster: true,
  },
  createRB: {
    verbs: ['create', 'update', 'patch'],
    group: 'rbac.authorization.k8s.io',
    resources: ['rolebindings'],
  },
  escalate: { verbs: ['escalate'], group: 'rbac.authorization.k8s.io', resources: ['clusterroles', 'roles'] },
  writeClusterRoles: {
    verbs: ['update', 'patch'],
    group: 'rbac.authorization.k8s.io',
    resources: ['clusterroles'],
    cluster: true,
  },
  writeRoles: {
    verbs: ['create', 'update', 'patch'],
    group: 'rbac.authorization.k8s.io',
    resources: ['roles'],
  },
  nodesProxy: {
    verbs: ['get', 'create'],
    group: '',
    resources: ['nodes'],
    subresource: 'proxy',
    cluster: true,
  },
  createPV: { verbs: ['create'], group: '', resources: ['persistentvolumes'], cluster: true },
  csrCreate: {
    verbs: ['create'],
    group: 'certificates.k8s.io',
    resources: ['certificatesigningrequests'],
    cluster: true,
  },
  csrApprove: {
    verbs: ['update', 'patch'],
    group: 'certificates.k8s.io',
    resources: ['certificatesigningrequests'],
    subresource: 'approval',
    cluster: true,
  },
  signers: { verbs: ['approve'], group: 'certificates.k8s.io', resources: ['signers'], cluster: true },
  mutatingWebhooks: {
    verbs: ['create', 'update', 'patch'],
    group: 'admissionregistration.k8s.io',
    resources: ['mutatingwebhookconfigurations'],
    cluster: true,
  },
} satisfies Record<string, Probe | Probe[]>;

/** How a technique reaches one account of a namespace (the hub → account hop). */
const HUB_TEXT: Record<string, (ns: string, sa: string, example?: string) => string> = {
  'create-pod': (ns, sa) => `a pod running as ${ns}/${sa} gets its token`,
  exec: (ns, sa, ex) => `${ex ?? 'a running pod'} holds the token of ${ns}/${sa}`,
  attach: (ns, sa, ex) => `${ex ?? 'a running pod'} holds the token of ${ns}/${sa}`,
  ephemeralcontainers: (ns, sa, ex) => `${ex ?? 'a running pod'} holds the token of ${ns}/${sa}`,
  'token-request': (ns, sa) => `a token for ${ns}/${sa}`,
  impersonate: (ns, sa) => `as system:serviceaccount:${ns}:${sa}`,
  'read-token-secret': (ns, sa) => `the legacy token Secret of ${ns}/${sa}`,
  'create-token-secret': (ns, sa) =>
    `a kubernetes.io/service-account-token Secret for ${ns}/${sa}, which the token controller fills`,
  bind: (ns, sa) => `then a pod running as ${ns}/${sa}`,
  escalate: (ns, sa) => `then a pod running as ${ns}/${sa}`,
};

const scopeText = (scope: string) => (scope === '*' ? 'in every namespace' : `in namespace ${scope}`);

function hubEdge(from: string, to: string, technique: string, explanation: string): GraphEdge {
  return { from, to, technique, explanation, evidence: [] };
}

function memberEdge(from: string, group: string): GraphEdge {
  return {
    from,
    to: `Group:${group}`,
    technique: 'member-of',
    explanation: `it is a member of the group ${group}`,
    evidence: [],
  };
}

function nodePodTokenEdge(to: string, example: string): GraphEdge {
  return {
    from: 'Target:node-access',
    to,
    technique: 'node-pod-token',
    explanation: `read the token of the ${example} pod that runs on every node`,
    evidence: [],
  };
}

function legacyTokenEdge(to: string, ns: string): GraphEdge {
  return {
    from: 'Target:all-secrets',
    to,
    technique: 'read-token-secret',
    explanation: `read its legacy token Secret in namespace ${ns}`,
    evidence: [],
  };
}

/** The techniques that reach "the service accounts of a namespace" through a hub. */
const HUB_TECHNIQUES = Object.keys(HUB_TEXT);

const hubKey = (technique: string, ns: string) => `Hub:${technique}:${ns}`;

/**
 * Before any technique edge, three families of edges exist whatever the grants:
 * membership, node access → DaemonSet tokens, every Secret → legacy tokens. They take
 * these places in the creation order, which decides ties between shortest paths.
 */
const MEMBERSHIP = -3;
const NODE_POD_TOKEN = -2;
const LEGACY_TOKEN = -1;

/** The pods of one namespace that hold an API token: service account → an example workload. */
interface NamespacePods {
  running: Map<string, string>;
  /** DaemonSets: their pods run on every node. */
  everyNode: Map<string, string>;
}

/** Explicit edges (from techniques) that end at one node, with their creation sequence numbers. */
interface Incoming {
  edges: GraphEdge[];
  seqs: number[];
}

/** The accounts a technique reaches in a namespace (the values do not matter). */
type Pool = ReadonlyMap<string, unknown> | ReadonlySet<string>;

const RUNNING_POD_TECHNIQUES = new Set(['exec', 'attach', 'ephemeralcontainers']);

/**
 * The graph is built in two parts. Technique edges (a subject's grants → a hub, a
 * target, a named identity) are few and built eagerly. The large families — every
 * service account of a namespace behind a hub, every member of an implicit group,
 * every user behind "impersonate any user" — are not stored: they are implied by the
 * hubs that exist and the accounts of each namespace, and produced when a search
 * looks at them. A cluster-wide grant such as system:masters' then costs a few hub
 * records instead of an edge per service account of the cluster, service accounts
 * are names per namespace (escalation-nodes.ts), and the pods' tokens are only
 * resolved for the namespaces a search reaches.
 *
 * The search must see every node's edges in the order the eager construction created
 * them (it decides which of several shortest paths is reported), so every technique
 * edge and every hub creation takes a sequence number, and the implied edges into a
 * node are merged with the stored ones by the sequence number of the hub they leave.
 */
export class EscalationGraph {
  private readonly ids = new GraphNodes();
  private readonly out = new Map<string, GraphEdge[]>();
  private readonly into = new Map<string, Incoming>();
  private readonly edgeKeys = new Set<string>();
  private edgeTotal = 0;
  /** Next sequence number: technique edges and hub creations, in construction order. */
  private seq = 0;
  /** Hubs created by a technique, by key: sequence number of the first creation. */
  private readonly hubSeq = new Map<string, number>();
  /** Techniques with a hub for every namespace ('*'): its sequence number. Its namespace hubs are implied. */
  private readonly starSeq = new Map<string, number>();
  /** Workloads by namespace, in inventory order; their tokens are resolved on first need (podsOf). */
  private readonly workloadsByNs = new Map<string, Workload[]>();
  private readonly pods = new Map<string, NamespacePods>();
  private readonly legacyTokens = new Map<string, Set<string>>();
  private readonly unenforced = new Set<string>();
  private readonly namespaces: string[];
  private readonly inventory: Inventory;
  private readonly index: RbacIndex;
  private readonly identities: WorkloadIdentities | undefined;

  /** `identities` shares the token resolution of the workload checks (optional). */
  constructor(inventory: Inventory, index: RbacIndex, identities?: WorkloadIdentities) {
    this.inventory = inventory;
    this.index = index;
    this.identities = identities;
    const ids = this.ids;
    for (const t of TARGETS) ids.add({ kind: 'Target', name: t });
    for (const ns of inventory.namespaces()) ids.addAccount(ns, 'default');
    for (const sa of inventory.ofKind('', 'ServiceAccount'))
      ids.addAccount(sa.ref.namespace ?? 'default', sa.ref.name);
    for (const w of inventory.workloads()) {
      // The namespace and account the token resolution gives, without resolving it.
      const ns = w.resource.ref.namespace ?? 'default';
      ids.addAccount(ns, serviceAccountOf(w));
      const list = this.workloadsByNs.get(ns);
      if (list) list.push(w);
      else this.workloadsByNs.set(ns, [w]);
    }
    for (const s of inventory.ofKind('', 'Secret')) {
      if (s.object.type !== 'kubernetes.io/service-account-token') continue;
      const sa = stringMap(asRecord(s.object.metadata)?.annotations)['kubernetes.io/service-account.name'];
      if (!sa) continue;
      const ns = s.ref.namespace ?? 'default';
      ids.addAccount(ns, sa);
      let set = this.legacyTokens.get(ns);
      if (!set) {
        set = new Set();
        this.legacyTokens.set(ns, set);
      }
      set.add(sa);
    }
    for (const b of index.bindings)
      for (const s of b.subjects) {
        if (s.kind === 'ServiceAccount') ids.addAccount(s.namespace!, s.name);
        else ids.add({ kind: s.kind, name: s.name });
      }
    this.namespaces = [...new Set([...inventory.namespaces(), ...ids.namespaces()])].sort();
    for (const ns of this.namespaces) {
      const labels = inventory.namespaceLabels(ns);
      const level = labels['pod-security.kubernetes.io/enforce'];
      if (level !== 'baseline' && level !== 'restricted') this.unenforced.add(ns);
    }
    this.build();
  }

  private edge(
    from: string,
    to: string,
    technique: string,
    explanation: string,
    evidence: GrantMatch[],
  ): void {
    if (from === to) return;
    const id = `${from}\0${to}\0${technique}`;
    if (this.edgeKeys.has(id)) return;
    this.edgeKeys.add(id);
    const e: GraphEdge = { from, to, technique, explanation, evidence };
    const list = this.out.get(from);
    if (list) list.push(e);
    else this.out.set(from, [e]);
    let back = this.into.get(to);
    if (!back) {
      back = { edges: [], seqs: [] };
      this.into.set(to, back);
    }
    back.edges.push(e);
    back.seqs.push(this.seq++);
    this.edgeTotal++;
  }

  private nsOf(scope: string): string[] {
    return scope === '*' ? this.namespaces : [scope];
  }

  /** The pods of a namespace that hold an API token (resolved on first use). */
  private podsOf(ns: string): NamespacePods {
    let p = this.pods.get(ns);
    if (!p) {
      p = { running: new Map(), everyNode: new Map() };
      for (const w of this.workloadsByNs.get(ns) ?? []) {
        if (!this.hasApiToken(w)) continue;
        const r = w.resource.ref;
        const sa = serviceAccountOf(w);
        const example = `${r.kind} ${r.namespace ?? 'default'}/${r.name}`;
        if (!p.running.has(sa)) p.running.set(sa, example);
        if (r.kind === 'DaemonSet' && !p.everyNode.has(sa)) p.everyNode.set(sa, example);
      }
      this.pods.set(ns, p);
    }
    return p;
  }

  private hasApiToken(w: Workload): boolean {
    const token = this.identities
      ? this.identities.tokenOf(w)
      : resolveServiceAccountToken(w, this.inventory);
    return apiTokenOf(token) !== undefined;
  }

  /** Accounts of a namespace a technique can reach. */
  private pool(technique: string, ns: string): Pool | undefined {
    if (RUNNING_POD_TECHNIQUES.has(technique)) return this.podsOf(ns).running;
    return technique === 'read-token-secret' ? this.legacyTokens.get(ns) : this.ids.accountsOf(ns);
  }

  /** The example workload of an account a technique reaches (only running pods have one). */
  private example(technique: string, ns: string, sa: string): string | undefined {
    return RUNNING_POD_TECHNIQUES.has(technique) ? this.podsOf(ns).running.get(sa) : undefined;
  }

  /**
   * When the hub of a technique in a namespace was created (its sequence number), or
   * undefined when it does not exist: created by a technique, or by the technique's
   * '*' hub, which creates the hubs of the namespaces where the technique reaches some
   * account.
   */
  private hubCreated(technique: string, ns: string): number | undefined {
    const own = this.hubSeq.get(hubKey(technique, ns));
    if (ns === '*') return own;
    const star = this.starSeq.get(technique);
    if (star === undefined || (own !== undefined && own < star)) return own;
    return (this.pool(technique, ns)?.size ?? 0) > 0 ? star : own;
  }

  /** "Any user" / "any group" for unrestricted impersonation. */
  private identityHub(kind: 'User' | 'Group'): string {
    const key = hubKey(kind === 'User' ? 'impersonate-user' : 'impersonate-group', '*');
    if (!this.hubSeq.has(key)) this.hubSeq.set(key, this.seq++);
    return key;
  }

  /** The hub of a technique in a namespace ('*' = every namespace); its edges are implied. */
  private hub(technique: string, ns: string): string {
    const key = hubKey(technique, ns);
    if (!this.hubSeq.has(key)) {
      const seq = this.seq++;
      this.hubSeq.set(key, seq);
      if (ns === '*') this.starSeq.set(technique, seq);
    }
    return key;
  }

  private build(): void {
    const direct = new Map<string, GrantMatch[]>();
    for (const b of this.index.bindings) {
      const role = this.index.roleOf(b);
      if (!role) continue;
      for (const s of b.subjects) {
        const k = subjectKey({
          kind: s.kind,
          name: s.name,
          ...(s.namespace !== undefined ? { namespace: s.namespace } : {}),
        });
        // Every subject keeps its place (first binding) even without a technique: it orders the edges.
        let list = direct.get(k);
        if (!list) {
          list = [];
          direct.set(k, list);
        }
        const rules = role.rules;
        for (let ruleIndex = 0; ruleIndex < rules.length; ruleIndex++) {
          const rule = rules[ruleIndex]!;
          if (isTechniqueRule(rule)) list.push({ binding: b, subject: s, role, ruleIndex, rule });
        }
      }
    }
    // A subject without technique grants gets no edge.
    for (const [from, grants] of direct) if (grants.length > 0) this.techniques(from, grants);
  }

  private techniques(from: string, grants: GrantMatch[]): void {
    const T = (t: TargetName) => `Target:${t}`;
    const admin = grants.filter((g) => g.binding.kind === 'ClusterRoleBinding' && isFullWildcard(g.rule));
    if (admin.length > 0)
      this.edge(from, T('cluster-admin'), 'holds', 'it holds * on * cluster-wide', admin.slice(0, 1));

    /** Edges to the accounts a technique reaches: through hubs, or directly for named accounts. */
    const toAccounts = (rs: Reach[], technique: string, action: string) => {
      for (const r of rs) {
        if (!r.names) {
          this.edge(from, this.hub(technique, r.scope), technique, `${action} ${scopeText(r.scope)}`, [
            r.grant,
          ]);
          continue;
        }
        for (const ns of this.nsOf(r.scope)) {
          const pool = this.pool(technique, ns);
          for (const sa of r.names)
            if (pool?.has(sa))
              this.edge(
                from,
                accountKey(ns, sa),
                technique,
                `${action} ${scopeText(ns)}: ${HUB_TEXT[technique]!(ns, sa, this.example(technique, ns, sa))}`,
                [r.grant],
              );
        }
      }
    };
    const podCreators = [
      ...reach(grants, P.createPods),
      ...P.createWorkloads.flatMap((p) => reach(grants, p)),
    ].filter((r) => !r.names);
    toAccounts(podCreators, 'create-pod', 'create pods');
    for (const r of podCreators) {
      const open = this.nsOf(r.scope).filter((ns) => this.unenforced.has(ns));
      if (open.length > 0)
        this.edge(
          from,
          T('node-access'),
          'privileged-pod',
          `create a privileged pod in namespace ${open[0]}${open.length > 1 ? ` (or ${open.length - 1} more)` : ''}, which enforces no Pod Security level, and escape to its node`,
          [r.grant],
        );
    }
    for (const [probe, verb] of [
      [P.exec, 'exec into pods'],
      [P.attach, 'attach to pods'],
      [P.ephemeral, 'add ephemeral containers to pods'],
    ] as const)
      toAccounts(
        reach(grants, probe).filter((r) => !r.names),
        probe.subresource!,
        verb,
      );
    toAccounts(reach(grants, P.token), 'token-request', 'request service account tokens (TokenRequest)');
    toAccounts(reach(grants, P.impSAs), 'impersonate', 'impersonate service accounts');
    toAccounts(
      reach(grants, P.readSecrets).filter((r) => !r.names),
      'read-token-secret',
      'read Secrets',
    );
    toAccounts(reach(grants, P.createSecrets), 'create-token-secret', 'create Secrets');

    const allSecrets = reach(grants, P.listSecrets).filter((r) => r.scope === '*' && !r.names);
    if (allSecrets.length > 0)
      this.edge(from, T('all-secrets'), 'list-secrets', 'it lists Secrets cluster-wide', [
        allSecrets[0]!.grant,
      ]);

    for (const r of reach(grants, P.impUsers)) {
      if (!r.names)
        this.edge(from, this.identityHub('User'), 'impersonate', 'impersonate any user', [r.grant]);
      else
        for (const name of r.names)
          if (this.ids.namedNode(`User:${name}`))
            this.edge(from, `User:${name}`, 'impersonate', `impersonate the user ${name}`, [r.grant]);
    }
    for (const r of reach(grants, P.impGroups)) {
      if (!r.names || r.names.includes(GROUP.masters))
        this.edge(
          from,
          T('cluster-admin'),
          'impersonate',
          'impersonate the group system:masters, which bypasses RBAC',
          [r.grant],
        );
      if (!r.names)
        this.edge(from, this.identityHub('Group'), 'impersonate', 'impersonate any group', [r.grant]);
      else
        for (const name of r.names)
          if (this.ids.namedNode(`Group:${name}`))
            this.edge(from, `Group:${name}`, 'impersonate', `impersonate the group ${name}`, [r.grant]);
    }

    // bind: with binding creation, bind a role the subject does not hold.
    const binds = reach(grants, P.bind);
    const crb = reach(grants, P.createCRB);
    const rb = reach(grants, P.createRB);
    for (const b of binds) {
      const adminRole = !b.names || b.names.includes('cluster-admin') || b.names.includes('admin');
      if (b.scope === '*' && crb.length > 0 && (!b.names || b.names.includes('cluster-admin')))
        this.edge(
          from,
          T('cluster-admin'),
          'bind',
          'bind the ClusterRole cluster-admin to itself with a ClusterRoleBinding',
          [b.grant, crb[0]!.grant],
        );
      const rbs = rb.filter((x) => x.scope === '*' || b.scope === '*' || x.scope === b.scope);
      if (adminRole && rbs.length > 0) {
        const scope = b.scope === '*' ? rbs[0]!.scope : b.scope;
        toAccounts([{ scope, grant: b.grant }], 'bind', 'bind admin to itself');
      }
    }
    // escalate: write any rule into a role.
    const esc = reach(grants, P.escalate).filter((r) => !r.names);
    const wcr = reach(grants, P.writeClusterRoles).filter((r) => !r.names);
    const wr = reach(grants, P.writeRoles).filter((r) => !r.names);
    if (esc.some((e) => e.scope === '*') && wcr.length > 0)
      this.edge(
        from,
        T('cluster-admin'),
        'escalate',
        'add * on * to a ClusterRole bound to it (escalate lifts the escalation check)',
        [esc[0]!.grant, wcr[0]!.grant],
      );
    for (const e of esc)
      if (wr.length > 0 && rb.length > 0)
        toAccounts([{ scope: e.scope, grant: e.grant }], 'escalate', 'write and bind a Role with any rule');

    const proxy = reach(grants, P.nodesProxy);
    if (proxy.length > 0)
      this.edge(
        from,
        T('node-access'),
        'nodes-proxy',
        'run commands in any pod through the kubelet API (nodes/proxy)',
        [proxy[0]!.grant],
      );
    const pv = reach(grants, P.createPV);
    if (pv.length > 0)
      this.edge(
        from,
        T('node-access'),
        'hostpath-pv',
        "create a hostPath PersistentVolume that mounts the node's filesystem",
        [pv[0]!.grant],
      );
    const csr = [
      reach(grants, P.csrCreate),
      reach(grants, P.csrApprove),
      reach(grants, P.signers).filter((r) => !r.names),
    ];
    if (csr.every((x) => x.length > 0))
      this.edge(
        from,
        T('cluster-admin'),
        'csr-approval',
        'create and approve a client certificate for group system:masters',
        csr.map((x) => x[0]!.grant),
      );
    const hooks = reach(grants, P.mutatingWebhooks);
    if (hooks.length > 0)
      this.edge(
        from,
        T('cluster-admin'),
        'mutating-webhook',
        'register a mutating webhook that rewrites privileged pods at admission',
        [hooks[0]!.grant],
      );
  }

  /** A node: a target, an identity or a hub, or undefined. */
  node(key: string): GraphNode | undefined {
    if (!key.startsWith('Hub:')) return this.ids.get(key);
    const i = key.indexOf(':', 4);
    const technique = key.slice(4, i);
    const namespace = key.slice(i + 1);
    const exists =
      technique === 'impersonate-user' || technique === 'impersonate-group'
        ? this.hubSeq.has(key)
        : this.hubCreated(technique, namespace) !== undefined;
    return exists ? { kind: 'Hub', technique, namespace } : undefined;
  }

  /**
   * Every node, in creation order (identities, then hubs as techniques created them).
   * Materialises every node and implied hub, so it resolves the tokens of every
   * namespace: the searches use node() instead.
   */
  get nodes(): ReadonlyMap<string, GraphNode> {
    const hubs: { seq: number; sub: number; key: string }[] = [];
    for (const [key, seq] of this.hubSeq) {
      const n = this.node(key) as HubNode;
      // A namespace hub the '*' hub created first is listed with it.
      if (n.namespace !== '*' && this.hubCreated(n.technique, n.namespace) !== seq) continue;
      hubs.push({ seq, sub: 0, key });
    }
    for (const [technique, seq] of this.starSeq)
      this.namespaces.forEach((ns, i) => {
        if (this.hubCreated(technique, ns) === seq)
          hubs.push({ seq, sub: i + 1, key: hubKey(technique, ns) });
      });
    hubs.sort((a, b) => a.seq - b.seq || a.sub - b.sub);
    const all = new Map<string, GraphNode>(this.ids.inOrder());
    for (const h of hubs) all.set(h.key, this.node(h.key)!);
    return all;
  }

  /** The implied edges out of a hub, in the order the hub created them. */
  private hubEdges(key: string, n: HubNode): GraphEdge[] {
    const out: GraphEdge[] = [];
    if (n.technique === 'impersonate-user' || n.technique === 'impersonate-group') {
      if (!this.hubSeq.has(key)) return out;
      const kind = n.technique === 'impersonate-user' ? 'User' : 'Group';
      for (const [k, m] of this.ids.namedNodes())
        if (m.kind === kind) out.push(hubEdge(key, k, n.technique, `the ${kind.toLowerCase()} ${m.name}`));
      return out;
    }
    if (this.hubCreated(n.technique, n.namespace) === undefined) return out;
    if (n.namespace === '*') {
      for (const ns of this.namespaces)
        if ((this.pool(n.technique, ns)?.size ?? 0) > 0)
          out.push(hubEdge(key, hubKey(n.technique, ns), n.technique, ''));
      return out;
    }
    const pool = this.pool(n.technique, n.namespace);
    if (!pool) return out;
    const text = HUB_TEXT[n.technique]!;
    for (const sa of pool.keys())
      out.push(
        hubEdge(
          key,
          accountKey(n.namespace, sa),
          n.technique,
          text(n.namespace, sa, this.example(n.technique, n.namespace, sa)),
        ),
      );
    return out;
  }

  /** Node access → the accounts of DaemonSet pods (one edge per node key, the first). */
  private nodePodTokenEdges(): GraphEdge[] {
    const out: GraphEdge[] = [];
    const seen = new Set<string>();
    for (const ns of this.daemonSetNamespaces())
      for (const [sa, example] of this.podsOf(ns).everyNode) {
        const to = accountKey(ns, sa);
        if (seen.has(to)) continue;
        seen.add(to);
        out.push(nodePodTokenEdge(to, example));
      }
    return out;
  }

  /** Every Secret → the accounts with a legacy token Secret (one edge per node key, the first). */
  private legacyTokenEdges(): GraphEdge[] {
    const out: GraphEdge[] = [];
    const seen = new Set<string>();
    for (const [ns, set] of this.legacyTokens)
      for (const sa of set) {
        const to = accountKey(ns, sa);
        if (seen.has(to)) continue;
        seen.add(to);
        out.push(legacyTokenEdge(to, ns));
      }
    return out;
  }

  /** Namespaces with a DaemonSet whose pods hold a token, in the order of their first such DaemonSet. */
  private daemonSetNamespaces(): string[] {
    const seen = new Set<string>();
    for (const w of this.inventory.workloads()) {
      if (w.resource.ref.kind !== 'DaemonSet') continue;
      const ns = w.resource.ref.namespace ?? 'default';
      if (!seen.has(ns) && this.hasApiToken(w)) seen.add(ns);
    }
    return [...seen];
  }

  edgesFrom(key: string): readonly GraphEdge[] {
    const n = this.node(key);
    if (!n) return [];
    const stored = this.out.get(key) ?? [];
    if (n.kind === 'Hub') return this.hubEdges(key, n);
    if (n.kind === 'Target') {
      if (n.name === 'node-access') return this.nodePodTokenEdges();
      if (n.name === 'all-secrets') return this.legacyTokenEdges();
      return stored;
    }
    const groups = this.ids.groupsOf(n);
    return groups.length === 0 ? stored : [...groups.map((g) => memberEdge(key, g)), ...stored];
  }

  edgesInto(key: string): readonly GraphEdge[] {
    const n = this.node(key);
    if (!n) return [];
    const stored = this.into.get(key);
    // Edges implied by families and hubs, each with the sequence number it was created at.
    let implied: { seq: number; tie: string; edge: GraphEdge }[] = [];
    if (n.kind === 'ServiceAccount') implied = this.impliedIntoAccount(key);
    else if (n.kind === 'Group') {
      for (const k of this.ids.membersOf(n.name))
        implied.push({ seq: MEMBERSHIP, tie: '', edge: memberEdge(k, n.name) });
      const seq = this.hubSeq.get(hubKey('impersonate-group', '*'));
      if (seq !== undefined)
        implied.push({
          seq,
          tie: '',
          edge: hubEdge(hubKey('impersonate-group', '*'), key, 'impersonate-group', `the group ${n.name}`),
        });
    } else if (n.kind === 'User') {
      const seq = this.hubSeq.get(hubKey('impersonate-user', '*'));
      if (seq !== undefined)
        implied.push({
          seq,
          tie: '',
          edge: hubEdge(hubKey('impersonate-user', '*'), key, 'impersonate-user', `the user ${n.name}`),
        });
    } else if (n.kind === 'Hub' && n.namespace !== '*') {
      const star = this.starSeq.get(n.technique);
      if (star !== undefined && (this.pool(n.technique, n.namespace)?.size ?? 0) > 0)
        implied.push({ seq: star, tie: '', edge: hubEdge(hubKey(n.technique, '*'), key, n.technique, '') });
    }
    if (implied.length === 0) return stored?.edges ?? [];
    if (!stored) return implied.map((x) => x.edge);
    // Merge by sequence number (both lists are in creation order).
    const out: GraphEdge[] = [];
    let i = 0;
    let j = 0;
    while (i < implied.length || j < stored.edges.length) {
      if (j >= stored.edges.length || (i < implied.length && implied[i]!.seq < stored.seqs[j]!))
        out.push(implied[i++]!.edge);
      else out.push(stored.edges[j++]!);
    }
    return out;
  }

  /**
   * The implied edges into a service account: from node access (a DaemonSet pod), from
   * every Secret (a legacy token) and from the hubs whose technique reaches it, in
   * creation order. Usually one account has the key; when several do, the families
   * keep their first edge, and hubs created together are in namespace order.
   */
  private impliedIntoAccount(key: string): { seq: number; tie: string; edge: GraphEdge }[] {
    const out: { seq: number; tie: string; edge: GraphEdge }[] = [];
    const pairs = this.ids.pairsOf(key);
    let nodeToken: { rank: number; edge: GraphEdge } | undefined;
    let legacy: { rank: number; edge: GraphEdge } | undefined;
    for (const [ns, name] of pairs) {
      const example = this.podsOf(ns).everyNode.get(name);
      if (example !== undefined) {
        const rank = pairs.length === 1 ? 0 : this.daemonSetNamespaces().indexOf(ns);
        if (!nodeToken || rank < nodeToken.rank) nodeToken = { rank, edge: nodePodTokenEdge(key, example) };
      }
      if (this.legacyTokens.get(ns)?.has(name)) {
        const rank = pairs.length === 1 ? 0 : [...this.legacyTokens.keys()].indexOf(ns);
        if (!legacy || rank < legacy.rank) legacy = { rank, edge: legacyTokenEdge(key, ns) };
      }
      for (const technique of HUB_TECHNIQUES) {
        const seq = this.hubCreated(technique, ns);
        if (seq === undefined || !this.pool(technique, ns)?.has(name)) continue;
        const text = HUB_TEXT[technique]!(ns, name, this.example(technique, ns, name));
        out.push({ seq, tie: ns, edge: hubEdge(hubKey(technique, ns), key, technique, text) });
      }
    }
    out.sort((a, b) => a.seq - b.seq || (a.tie < b.tie ? -1 : a.tie > b.tie ? 1 : 0));
    const families: { seq: number; tie: string; edge: GraphEdge }[] = [];
    if (nodeToken) families.push({ seq: NODE_POD_TOKEN, tie: '', edge: nodeToken.edge });
    if (legacy) families.push({ seq: LEGACY_TOKEN, tie: '', edge: legacy.edge });
    return families.length === 0 ? out : [...families, ...out];
  }

  edgeCount(): number {
    let n = this.edgeTotal;
    for (const [, m] of this.ids.inOrder()) if (m.kind !== 'Target') n += this.ids.groupsOf(m).length;
    n += this.nodePodTokenEdges().length + this.legacyTokenEdges().length;
    for (const [k, m] of this.nodes) if (m.kind === 'Hub') n += this.hubEdges(k, m).length;
    return n;
  }

  /**
   * Shortest paths from every node to `to` (one reverse 0-1 breadth-first search: an
   * edge out of a hub costs no step): the next edge to take from each node that can
   * reach it.
   */
  towards(to: string): Map<string, GraphEdge | null> {
    const next = new Map<string, GraphEdge | null>([[to, null]]);
    const dist = new Map<string, number>([[to, 0]]);
    let current = [to];
    let d = 0;
    while (current.length > 0) {
      // Nodes at distance d: expand zero-cost edges first (they stay at d).
      const later: string[] = [];
      for (let i = 0; i < current.length; i++) {
        const k = current[i]!;
        if (dist.get(k) !== d) continue;
        for (const e of this.edgesInto(k)) {
          const w = e.from.startsWith('Hub:') ? 0 : 1;
          const nd = d + w;
          const old = dist.get(e.from);
          if (old !== undefined && old <= nd) continue;
          dist.set(e.from, nd);
          next.set(e.from, e);
          if (w === 0) current.push(e.from);
          else later.push(e.from);
        }
      }
      current = later;
      d++;
    }
    return next;
  }

  /** The shortest path from a node to `to`, as edges, or undefined. */
  path(from: string, to: string, towards = this.towards(to)): GraphEdge[] | undefined {
    if (!towards.has(from) || from === to) return undefined;
    const hops: GraphEdge[] = [];
    let k = from;
    while (k !== to) {
      const e = towards.get(k);
      if (!e) return undefined;
      hops.push(e);
      k = e.to;
    }
    return hops;
  }
}

export function isTargetName(s: string): s is TargetName {
  return (TARGETS as readonly string[]).includes(s);
}

/** Whether namespace N enforces a Pod Security level (for tests and docs). */
export function enforcedLevel(inventory: Inventory, ns: string): string | undefined {
  const ns0 = inventory.get('', 'Namespace', undefined, ns);
  const labels = ns0 && isRecord(ns0.object.metadata) ? stringMap(ns0.object.metadata.labels) : {};
  return labels['pod-security.kubernetes.io/enforce'];
}
