/**
 * RoleBindings and ClusterRoleBindings as the authorizer uses them.
 *
 * - A RoleBinding applies only to requests in its own namespace; its roleRef names a
 *   Role of that namespace or a ClusterRole, whose rules then apply in that
 *   namespace only.
 * - A ClusterRoleBinding applies to every request, and can only reference a
 *   ClusterRole (the authorizer looks a Role up in namespace "", which never exists).
 * - A binding without a usable roleRef grants nothing; the problem is reported.
 * - roleRef.apiGroup is defaulted to rbac.authorization.k8s.io when empty
 *   (SetDefaults_RoleBinding); any other value is rejected by validation and reported.
 */
import { asRecord, type JsonPath, type Resource } from '../model/types.js';
import type { ProblemSink } from './problems.js';
import type { RoleKind } from './roles.js';
import { type SubjectKind, serviceAccountUsername } from './subjects.js';

export type BindingKind = 'RoleBinding' | 'ClusterRoleBinding';

export const RBAC_GROUP = 'rbac.authorization.k8s.io';

export interface BindingSubject {
  readonly kind: SubjectKind;
  readonly name: string;
  /** The effective namespace for ServiceAccounts (defaulted to the RoleBinding's); absent otherwise. */
  readonly namespace?: string;
  /** Index in the binding's `subjects` list. */
  readonly index: number;
  /** What the authorizer compares: the username (User, ServiceAccount) or the group name. */
  readonly match: { user: string } | { group: string };
}

export interface BindingDef {
  readonly kind: BindingKind;
  readonly name: string;
  /** '' for ClusterRoleBindings. */
  readonly namespace: string;
  /** `ClusterRoleBinding:<name>` or `RoleBinding:<ns>/<name>`. */
  readonly key: string;
  /** undefined when missing or unusable (reported). */
  readonly roleRef?: { readonly kind: RoleKind; readonly name: string };
  /** Subjects that can match someone; the others are reported and left out. */
  readonly subjects: readonly BindingSubject[];
  readonly resource?: Resource;
  readonly builtin: boolean;
}

export function bindingKey(kind: BindingKind, namespace: string, name: string): string {
  return kind === 'ClusterRoleBinding' ? `ClusterRoleBinding:${name}` : `RoleBinding:${namespace}/${name}`;
}

function parseRoleRef(raw: unknown, kind: BindingKind, problem: ProblemSink): BindingDef['roleRef'] {
  const path: JsonPath = ['roleRef'];
  if (raw === undefined || raw === null) {
    problem('binding-without-role-ref', path, `${kind} has no roleRef: it grants nothing`);
    return undefined;
  }
  const ref = asRecord(raw);
  if (!ref) {
    problem('role-ref-invalid', path, 'roleRef must be an object: the binding grants nothing');
    return undefined;
  }
  const { kind: refKind, name, apiGroup } = ref;
  if (typeof name !== 'string' || name === '') {
    problem('role-ref-invalid', [...path, 'name'], 'roleRef.name is missing: the binding grants nothing');
    return undefined;
  }
  if (refKind !== 'Role' && refKind !== 'ClusterRole') {
    problem(
      'role-ref-invalid',
      [...path, 'kind'],
      `roleRef.kind ${JSON.stringify(refKind)} is not Role or ClusterRole: the binding grants nothing`,
    );
    return undefined;
  }
  if (kind === 'ClusterRoleBinding' && refKind === 'Role') {
    problem(
      'role-ref-invalid',
      [...path, 'kind'],
      'a ClusterRoleBinding can only reference a ClusterRole (the authorizer looks for a Role in namespace "", which never exists): it grants nothing',
    );
    return undefined;
  }
  if (apiGroup !== undefined && apiGroup !== null && apiGroup !== '' && apiGroup !== RBAC_GROUP)
    problem(
      'role-ref-invalid',
      [...path, 'apiGroup'],
      `roleRef.apiGroup ${JSON.stringify(apiGroup)} must be ${RBAC_GROUP}; the API server rejects the binding (analysed as if it were accepted)`,
    );
  return { kind: refKind, name };
}

/** Path of a subject (built only for a problem: most subjects have none). */
function subjectPath(index: number, field?: string): JsonPath {
  return field === undefined ? ['subjects', index] : ['subjects', index, field];
}

function parseSubjects(
  raw: unknown,
  kind: BindingKind,
  namespace: string,
  problem: ProblemSink,
): BindingSubject[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) {
    problem('invalid-field', ['subjects'], 'subjects must be a list: the binding applies to nobody');
    return [];
  }
  const out: BindingSubject[] = [];
  raw.forEach((s, index) => {
    const subj = asRecord(s);
    if (!subj) {
      problem('subject-invalid', subjectPath(index), `subjects[${index}] is not an object; ignored`);
      return;
    }
    const { kind: sk, name, namespace: sns, apiGroup } = subj;
    if (typeof name !== 'string' || name === '') {
      problem(
        'subject-invalid',
        subjectPath(index, 'name'),
        `subjects[${index}] has no name: it matches nobody`,
      );
      return;
    }
    if (sk !== 'User' && sk !== 'Group' && sk !== 'ServiceAccount') {
      problem(
        'subject-invalid',
        subjectPath(index, 'kind'),
        `subjects[${index}].kind ${JSON.stringify(sk)} is not User, Group or ServiceAccount: it matches nobody`,
      );
      return;
    }
    const expectedGroup = sk === 'ServiceAccount' ? '' : RBAC_GROUP;
    if (apiGroup !== undefined && apiGroup !== null && apiGroup !== '' && apiGroup !== expectedGroup)
      problem(
        'subject-invalid',
        subjectPath(index, 'apiGroup'),
        `subjects[${index}].apiGroup ${JSON.stringify(apiGroup)} must be ${expectedGroup === '' ? 'empty' : expectedGroup} for a ${sk}; the API server rejects the binding (analysed as if it were accepted)`,
      );
    if (sk === 'ServiceAccount') {
      const ns = typeof sns === 'string' && sns !== '' ? sns : namespace;
      if (ns === '') {
        problem(
          'subject-matches-nobody',
          subjectPath(index),
          `subjects[${index}]: a ServiceAccount subject of a ClusterRoleBinding needs a namespace: it matches nobody`,
        );
        return;
      }
      out.push({ kind: sk, name, namespace: ns, index, match: { user: serviceAccountUsername(ns, name) } });
      return;
    }
    if (sk === 'User' && name === '*')
      problem(
        'subject-matches-nobody',
        subjectPath(index, 'name'),
        `subjects[${index}]: User "*" is not a wildcard, it matches only a user literally named "*" (use Group system:authenticated for everyone)`,
      );
    out.push(
      sk === 'User'
        ? { kind: sk, name, index, match: { user: name } }
        : { kind: sk, name, index, match: { group: name } },
    );
  });
  void kind;
  return out;
}

export function parseBinding(resource: Resource, problem: ProblemSink): BindingDef {
  const kind = resource.ref.kind as BindingKind;
  const namespace = kind === 'RoleBinding' ? (resource.ref.namespace ?? 'default') : '';
  const roleRef = parseRoleRef(resource.object.roleRef, kind, problem);
  const subjects = parseSubjects(resource.object.subjects, kind, namespace, problem);
  return {
    kind,
    name: resource.ref.name,
    namespace,
    key: bindingKey(kind, namespace, resource.ref.name),
    ...(roleRef ? { roleRef } : {}),
    subjects,
    resource,
    builtin: false,
  };
}
