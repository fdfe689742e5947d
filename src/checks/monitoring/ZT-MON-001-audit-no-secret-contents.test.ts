import { testCheck } from '../../../test/support/check-tester.js';
import check from './ZT-MON-001-audit-no-secret-contents.js';

const HEAD = 'apiVersion: audit.k8s.io/v1\nkind: Policy\n';

testCheck(check, {
  valid: [
    {
      name: 'Metadata for the sensitive resources first, bodies for the rest',
      yaml: `${HEAD}rules:
  - level: Metadata
    resources:
      - group: ""
        resources: [secrets, configmaps, serviceaccounts/token]
      - group: authentication.k8s.io
        resources: [tokenreviews]
  - level: RequestResponse
`,
    },
    {
      name: 'Request level on read verbs carries no body; TokenRequest requests carry no token',
      yaml: `${HEAD}rules:
  - level: Request
    verbs: [get, list, watch]
  - level: Request
    resources: [{group: "", resources: [serviceaccounts/token]}]
  - level: Metadata
`,
    },
    {
      name: 'bodies only for other groups, and wrong types',
      yaml: `${HEAD}rules:
  - level: RequestResponse
    resources: [{group: apps}]
  - level: Bogus
  - 5
---
${HEAD}rules: "x"
`,
    },
  ],
  invalid: [
    {
      name: 'a catch-all RequestResponse rule',
      yaml: `${HEAD}rules:
  - level: None
    users: ["system:kube-proxy"]
  - level: RequestResponse
`,
      findings: [
        {
          path: 'rules[1].level',
          line: 6,
          message:
            'rules[1] logs at level RequestResponse, so the audit log records the contents of secrets, configmaps, serviceaccounts/token and tokenreviews',
        },
      ],
    },
    {
      name: 'Request level records write bodies; a later rule is reported only where reachable',
      yaml: `${HEAD}rules:
  - level: Metadata
    resources: [{group: "", resources: [configmaps]}]
  - level: Request
    resources: [{group: ""}]
  - level: RequestResponse
    namespaces: [kube-system]
  - level: RequestResponse
`,
      findings: [
        {
          path: 'rules[1].level',
          line: 6,
          message:
            'rules[1] logs at level Request, so the audit log records the contents of secrets (create, update, patch)',
        },
        {
          path: 'rules[3].level',
          line: 10,
          message:
            'rules[3] logs at level RequestResponse, so the audit log records the contents of tokenreviews',
        },
      ],
    },
  ],
});
