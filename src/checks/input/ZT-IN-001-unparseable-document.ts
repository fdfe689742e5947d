import { defineCheck } from '../../engine/define-check.js';

/**
 * Reported by the loader (input/parse-yaml.ts), not by run(): a document that cannot be
 * parsed safely is skipped, and this finding says where and why.
 */
export default defineCheck({
  meta: {
    id: 'ZT-IN-001',
    slug: 'unparseable-document',
    title: 'Manifest documents must parse',
    pillar: 'input',
    severity: 'high',
    description:
      'A document that is not valid YAML, nests deeper than any real manifest, or expands through aliases to millions of nodes (a "billion laughs" bomb) cannot be analysed. kzt skips it and analyses the rest of the stream, but nothing in it was verified: a policy or workload hidden in a broken document is invisible to every check.',
    remediation:
      'Fix the syntax at the reported line (`kubectl apply --dry-run=client -f FILE` shows the same error). Remove YAML anchors and aliases that multiply content; Kubernetes itself rejects excessive aliasing.',
    references: ['https://yaml.org/spec/1.1/', 'https://en.wikipedia.org/wiki/Billion_laughs_attack'],
    frameworks: [],
    sources: [],
  },
  examples: {
    fail: ['apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: broken\ndata: [unclosed\n'],
    pass: ['apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: fine\ndata:\n  key: value\n'],
  },
  target: 'inventory',
  applicable: () => [],
  run() {},
});
