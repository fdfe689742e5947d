/**
 * The identity nodes of the escalation graph (targets, users, groups, service
 * accounts) with their creation order, which decides the order of a node's edges and
 * so which of several shortest paths a search reports.
 *
 * Service accounts are most of the nodes (one per account of the cluster) and are
 * stored as names per namespace only; their node objects and keys are made when
 * asked for. A node's key is `ServiceAccount:<ns>:<name>`, so two accounts whose
 * namespace or name contain ':' (invalid in Kubernetes, possible in bad input) can
 * have the same key: as when nodes were stored by key, the first one owns the node and
 * the others only lend the key to their edges.
 */
import type { GraphNode, HubNode, TargetName } from './escalation.js';
import { GROUP, subjectKey } from './subjects.js';

const SA_PREFIX = 'ServiceAccount:';

/** A node other than a service account or a hub. */
export type NamedNode =
  | { kind: 'Target'; name: TargetName }
  | { kind: 'User'; name: string }
  | { kind: 'Group'; name: string };

/** A graph node other than a hub (hubs are the graph's business). */
export type IdentityNode = Exclude<GraphNode, HubNode>;

export type AccountPair = readonly [namespace: string, name: string];

export function accountKey(namespace: string, name: string): string {
  return subjectKey({ kind: 'ServiceAccount', namespace, name });
}

export class GraphNodes {
  private readonly named = new Map<string, NamedNode>();
  /** Creation number of each named node, in `named` order. */
  private readonly namedOrder: number[] = [];
  /** Namespace → account name → creation number of its node, or -1 when an earlier account has its key. */
  private readonly accounts = new Map<string, Map<string, number>>();
  /** Keys of accounts with ':' in the namespace or name → every account with that key, the owner first. */
  private readonly colonKeys = new Map<string, AccountPair[]>();
  private created = 0;

  /** Adds a target, user or group (once per key); returns its key. */
  add(n: NamedNode): string {
    const k = subjectKeyOf(n);
    if (!this.named.has(k)) {
      this.named.set(k, n);
      this.namedOrder.push(this.created++);
    }
    return k;
  }

  addAccount(namespace: string, name: string): void {
    let m = this.accounts.get(namespace);
    if (!m) {
      m = new Map();
      this.accounts.set(namespace, m);
    }
    if (m.has(name)) return;
    if (namespace.includes(':') || name.includes(':')) {
      // Only such accounts can share a key (any other key has a single ':' after the kind).
      const key = accountKey(namespace, name);
      const pairs = this.colonKeys.get(key);
      if (pairs) {
        pairs.push([namespace, name]);
        m.set(name, -1);
        return;
      }
      this.colonKeys.set(key, [[namespace, name]]);
    }
    m.set(name, this.created++);
  }

  /** The accounts of a namespace (every name, owner of its key or not), in creation order. */
  accountsOf(namespace: string): ReadonlyMap<string, number> | undefined {
    return this.accounts.get(namespace);
  }

  namespaces(): IterableIterator<string> {
    return this.accounts.keys();
  }

  /** A target, user or group. */
  namedNode(key: string): NamedNode | undefined {
    return this.named.get(key);
  }

  /** Targets, users and groups in creation order. */
  namedNodes(): IterableIterator<[string, NamedNode]> {
    return this.named.entries();
  }

  /** The accounts whose key this is (usually one), the owner of the node first. */
  pairsOf(key: string): readonly AccountPair[] {
    if (!key.startsWith(SA_PREFIX)) return [];
    const i = key.indexOf(':', SA_PREFIX.length);
    if (i === -1) return [];
    if (key.indexOf(':', i + 1) !== -1) return this.colonKeys.get(key) ?? [];
    const namespace = key.slice(SA_PREFIX.length, i);
    const name = key.slice(i + 1);
    return this.accounts.get(namespace)?.has(name) ? [[namespace, name]] : [];
  }

  /** A node other than a hub. */
  get(key: string): IdentityNode | undefined {
    const n = this.named.get(key);
    if (n) return n;
    const owner = this.pairsOf(key)[0];
    return owner ? { kind: 'ServiceAccount', namespace: owner[0], name: owner[1] } : undefined;
  }

  /** Every node other than hubs, in creation order. */
  inOrder(): [string, IdentityNode][] {
    const all: { order: number; key: string; node: IdentityNode }[] = [];
    let i = 0;
    for (const [key, node] of this.named) all.push({ order: this.namedOrder[i++]!, key, node });
    for (const [namespace, m] of this.accounts)
      for (const [name, order] of m)
        if (order >= 0)
          all.push({
            order,
            key: accountKey(namespace, name),
            node: { kind: 'ServiceAccount', namespace, name },
          });
    all.sort((a, b) => a.order - b.order);
    return all.map((x) => [x.key, x.node]);
  }

  /** The groups a user or service account node is a member of (only those with a node), in edge order. */
  groupsOf(n: IdentityNode): string[] {
    const groups =
      n.kind === 'ServiceAccount'
        ? [GROUP.serviceAccounts, `${GROUP.serviceAccounts}:${n.namespace}`, GROUP.authenticated]
        : n.kind === 'User'
          ? [n.name === GROUP.anonymousUser ? GROUP.unauthenticated : GROUP.authenticated]
          : [];
    return groups.filter((g) => this.named.has(`Group:${g}`));
  }

  /** The keys of the nodes that are members of an implicit group, in creation order. */
  membersOf(group: string): string[] {
    const found: { order: number; key: string }[] = [];
    const everyAccount = group === GROUP.serviceAccounts || group === GROUP.authenticated;
    const addAccounts = (namespace: string, m: ReadonlyMap<string, number>) => {
      for (const [name, order] of m) if (order >= 0) found.push({ order, key: accountKey(namespace, name) });
    };
    if (everyAccount) for (const [namespace, m] of this.accounts) addAccounts(namespace, m);
    else if (group.startsWith(`${GROUP.serviceAccounts}:`)) {
      const namespace = group.slice(GROUP.serviceAccounts.length + 1);
      const m = this.accounts.get(namespace);
      if (m) addAccounts(namespace, m);
    }
    if (group === GROUP.authenticated || group === GROUP.unauthenticated) {
      let i = 0;
      for (const [key, n] of this.named) {
        const order = this.namedOrder[i++]!;
        if (n.kind !== 'User') continue;
        if ((n.name === GROUP.anonymousUser ? GROUP.unauthenticated : GROUP.authenticated) === group)
          found.push({ order, key });
      }
    }
    found.sort((a, b) => a.order - b.order);
    return found.map((f) => f.key);
  }
}

function subjectKeyOf(n: NamedNode): string {
  return n.kind === 'Target' ? `Target:${n.name}` : subjectKey(n);
}
