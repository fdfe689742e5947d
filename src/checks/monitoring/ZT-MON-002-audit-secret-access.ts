import { defineCheck } from '../../engine/define-check.js';
import { auditRules, joinWords, outcomes } from '../../model/audit-policy.js';

const FAIL = `apiVersion: audit.k8s.io/v1
kind: Policy
rules:
  - level: Metadata
    resources:
      - group: ""
        resources: [pods]
`;

const PASS = `apiVersion: audit.k8s.io/v1
kind: Policy
rules:
  - level: None
    users: ["system:kube-proxy"]
  - level: Metadata
    resources:
      - group: ""
        resources: [secrets, configmaps]
  - level: Request
`;

const VERBS = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection'] as const;

export default defineCheck({
  meta: {
    id: 'ZT-MON-002',
    slug: 'audit-secret-access',
    title: 'The audit policy must record access to Secrets',
    pillar: 'monitoring',
    severity: 'medium',
    description: `Reading a Secret is how an attacker turns a foothold into credentials; Zero Trust requires that every access be observable so it can be detected and investigated. An audit policy that gives requests on Secrets level \`None\` — explicitly, or because no rule matches them — leaves no trace of who read, listed, watched or changed which Secret.

The policy is evaluated as the API server does (rules in order, first match decides, no match means None). For each verb on core \`secrets\`, kzt finds the first rule that matches every such request; requests of users, groups or namespaces singled out by earlier rules are their own decision (e.g. silencing a controller's own reads is fine). Reported: the verbs for which that rule sets \`None\`, or for which no rule matches every request.`,
    remediation: `Log Secrets at \`Metadata\` (who, what, when — not the content, see ZT-MON-001), before any catch-all \`None\`:

\`\`\`yaml
rules:
  - level: Metadata
    resources:
      - group: ""
        resources: [secrets]
\`\`\``,
    references: ['https://kubernetes.io/docs/tasks/debug/debug-cluster/audit/#audit-policy'],
    frameworks: [
      { framework: 'cis', control: '3.2.2' },
      { framework: 'nist-800-207', control: 'tenet 7' },
      { framework: 'soc2', control: 'CC7.2' },
      { framework: 'hipaa', control: '164.312(b)' },
    ],
    sources: [],
  },
  examples: { fail: [FAIL], pass: [PASS] },
  target: 'resources',
  kinds: ['audit.k8s.io/Policy'],
  check(resource, ctx) {
    const rules = auditRules(resource.object);
    const silenced = new Map<number | 'none', string[]>();
    for (const o of outcomes(rules, { group: '', resource: 'secrets', namespaced: true }, VERBS)) {
      if (o.final && o.final.level !== 'None') continue;
      const key = o.final ? o.final.index : 'none';
      const list = silenced.get(key) ?? [];
      list.push(o.verb);
      silenced.set(key, list);
    }
    for (const [key, verbs] of silenced) {
      const all = verbs.length === VERBS.length;
      const which = all ? 'every request' : `${joinWords(verbs, 'and')} requests`;
      ctx.report({
        resource,
        path: key === 'none' ? ['rules'] : ['rules', key, 'level'],
        key: String(key),
        message:
          key === 'none'
            ? `No audit rule matches every ${all ? '' : `${joinWords(verbs, 'or')} `}request on Secrets, so those requests are not logged`
            : `rules[${key}] sets level None for ${which} on Secrets, so they are not logged`,
      });
    }
  },
});
