import { testCheck } from '../../../test/support/check-tester.js';
import check from './ZT-MON-002-audit-secret-access.js';

const HEAD = 'apiVersion: audit.k8s.io/v1\nkind: Policy\n';

testCheck(check, {
  valid: [
    {
      name: 'silencing one controller, then Metadata for everyone',
      yaml: `${HEAD}rules:
  - level: None
    users: ["system:kube-controller-manager"]
    resources: [{group: "", resources: [secrets]}]
  - level: Metadata
`,
    },
    {
      name: 'per-verb rules that together cover every verb',
      yaml: `${HEAD}rules:
  - level: Metadata
    verbs: [get, list, watch]
  - level: RequestResponse
    verbs: [create, update, patch, delete, deletecollection]
    resources: [{group: "", resources: ["*"]}]
`,
    },
  ],
  invalid: [
    {
      name: 'no rule matches Secrets at all',
      yaml: `${HEAD}rules:
  - level: Metadata
    resources: [{group: "", resources: [pods]}]
`,
      findings: [
        {
          path: 'rules',
          line: 3,
          message: 'No audit rule matches every request on Secrets, so those requests are not logged',
        },
      ],
    },
    {
      name: 'a None rule for reads; only namespaced partial rules for writes',
      yaml: `${HEAD}rules:
  - level: None
    verbs: [get, list, watch]
  - level: Metadata
    namespaces: [prod]
  - level: Metadata
    verbs: [delete, deletecollection]
`,
      findings: [
        {
          path: 'rules[0].level',
          line: 4,
          message:
            'rules[0] sets level None for get, list and watch requests on Secrets, so they are not logged',
        },
        {
          path: 'rules',
          line: 3,
          message:
            'No audit rule matches every create, update or patch request on Secrets, so those requests are not logged',
        },
      ],
    },
    {
      name: 'an empty policy logs nothing',
      yaml: `${HEAD}rules: []
`,
      findings: [{ path: 'rules', line: 3, message: /No audit rule matches every request on Secrets/ }],
    },
  ],
});
