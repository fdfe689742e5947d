import { defineCheck } from '../../engine/define-check.js';

/** Reported by the loader (input/parse-yaml.ts), not by run(). */
export default defineCheck({
  meta: {
    id: 'ZT-IN-002',
    slug: 'duplicate-keys',
    title: 'Manifests must not repeat a key',
    pillar: 'input',
    severity: 'medium',
    description:
      'When a mapping repeats a key, the last value silently wins in the API server, while a reviewer usually reads the first. A `securityContext` or `hostNetwork` written twice is a classic way for a dangerous setting to slip through review. `kubectl apply` with strict validation rejects such a manifest; kzt analyses it with the value the cluster would use and reports the duplicate.',
    remediation: 'Remove one of the repeated keys so the manifest says one thing.',
    references: ['https://kubernetes.io/docs/reference/using-api/api-concepts/#field-validation'],
    frameworks: [],
    sources: [],
  },
  examples: {
    fail: ['apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: twice\n  name: again\n'],
    pass: ['apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: once\n'],
  },
  target: 'inventory',
  applicable: () => [],
  run() {},
});
