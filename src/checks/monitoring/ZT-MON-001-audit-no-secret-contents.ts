import { defineCheck } from '../../engine/define-check.js';
import {
  auditRules,
  joinWords,
  levelRecordsBody,
  outcomes,
  SENSITIVE_RESOURCES,
} from '../../model/audit-policy.js';

const FAIL = `apiVersion: audit.k8s.io/v1
kind: Policy
rules:
  - level: RequestResponse
    resources:
      - group: ""
        resources: ["*"]
`;

const PASS = `apiVersion: audit.k8s.io/v1
kind: Policy
omitStages: [RequestReceived]
rules:
  - level: Metadata
    resources:
      - group: ""
        resources: [secrets, configmaps, serviceaccounts/token]
      - group: authentication.k8s.io
        resources: [tokenreviews]
  - level: RequestResponse
    resources:
      - group: ""
        resources: ["*"]
  - level: Metadata
`;

export default defineCheck({
  meta: {
    id: 'ZT-MON-001',
    slug: 'audit-no-secret-contents',
    title: 'The audit policy must not record Secret or token contents',
    pillar: 'monitoring',
    severity: 'high',
    description: `Audit logs are shipped to log pipelines, SIEMs and object storage that many more people and systems can read than can read Secrets. An audit rule at level \`RequestResponse\` records response bodies, and \`Request\` records request bodies: for Secrets and ConfigMaps that is their data, for \`serviceaccounts/token\` (TokenRequest) the issued token, for \`tokenreviews\` the token under review. The audit trail that should detect credential theft then becomes the place to steal them from.

The policy is evaluated as the API server does: rules in order, the first matching rule decides the level, with users, groups, verbs, namespaces, resource wildcards (\`*\`, \`*/sub\`, \`res/*\`) and resourceNames taken into account; a rule that can never be reached for these requests (an earlier rule matches all of them) is not reported. \`Request\` level is reported only for verbs whose request carries the credential (create, update, patch; TokenRequest requests carry none). The upstream recommendation (and CIS 3.2.2) is to log these resources at \`Metadata\` only.`,
    remediation: `Put a \`Metadata\` rule for the sensitive resources before any rule that records bodies:

\`\`\`yaml
rules:
  - level: Metadata
    resources:
      - group: ""
        resources: [secrets, configmaps, serviceaccounts/token]
      - group: authentication.k8s.io
        resources: [tokenreviews]
  # ... rules with Request / RequestResponse for other resources
\`\`\``,
    references: [
      'https://kubernetes.io/docs/tasks/debug/debug-cluster/audit/#audit-policy',
      'https://github.com/kubernetes/kubernetes/blob/master/cluster/gce/gci/configure-helper.sh',
    ],
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
    /** rule index → resource label → verbs recorded with bodies */
    const leaks = new Map<number, Map<string, string[]>>();
    for (const r of SENSITIVE_RESOURCES) {
      const base = { group: r.group, resource: r.resource, namespaced: r.namespaced };
      const req = r.subresource === undefined ? base : { ...base, subresource: r.subresource };
      for (const o of outcomes(rules, req, r.verbs)) {
        for (const rule of o.deciding) {
          if (!levelRecordsBody(rule.level, r, o.verb)) continue;
          const byResource = leaks.get(rule.index) ?? new Map<string, string[]>();
          const verbs = byResource.get(r.label) ?? [];
          verbs.push(o.verb);
          byResource.set(r.label, verbs);
          leaks.set(rule.index, byResource);
        }
      }
    }
    for (const [index, byResource] of [...leaks].sort((a, b) => a[0] - b[0])) {
      const rule = rules.find((r) => r.index === index)!;
      const parts = [...byResource].map(([label, verbs]) => {
        const all = SENSITIVE_RESOURCES.find((s) => s.label === label)!.verbs;
        return verbs.length === all.length ? label : `${label} (${verbs.join(', ')})`;
      });
      ctx.report({
        resource,
        path: ['rules', index, 'level'],
        key: String(index),
        message: `rules[${index}] logs at level ${rule.level}, so the audit log records the contents of ${joinWords(parts, 'and')}`,
      });
    }
  },
});
