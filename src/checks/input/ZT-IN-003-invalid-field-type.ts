import { defineCheck } from '../../engine/define-check.js';
import { checkShape, METADATA_SHAPE, POD_SPEC_SHAPE, type ShapeMismatch } from '../../model/shape.js';
import { formatPath } from '../../model/types.js';
import { workloadOf } from '../../model/workloads.js';

export default defineCheck({
  meta: {
    id: 'ZT-IN-003',
    slug: 'invalid-field-type',
    title: 'Fields must have the type Kubernetes expects',
    pillar: 'input',
    severity: 'medium',
    description:
      'A field of the wrong type (`containers: "x"`, `securityContext: 5`, `privileged: "true"`) makes the API server reject the object, so what you review is not what runs. kzt reports the field and analyses the object as if the field were absent, so no check is fooled by a value the cluster would never accept.',
    remediation:
      'Give the field the type in the Kubernetes API reference: booleans unquoted (`privileged: false`), numbers unquoted (`runAsUser: 1000`), lists and maps where the API expects them. `kubectl apply --dry-run=server` shows the same error.',
    references: ['https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/'],
    frameworks: [],
    sources: [],
  },
  examples: {
    fail: [
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: broken\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      securityContext: 5\n',
    ],
    pass: [
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: fine\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      securityContext:\n        privileged: false\n',
    ],
  },
  target: 'inventory',
  applicable: (ctx) => ctx.inventory.resources,
  run(ctx) {
    for (const resource of ctx.inventory.resources) {
      const out: ShapeMismatch[] = [];
      checkShape(resource.object.metadata, METADATA_SHAPE, ['metadata'], out);
      const w = workloadOf(resource);
      if (w) {
        let spec: unknown = resource.object;
        for (const seg of w.specPath) spec = (spec as Record<string, unknown> | undefined)?.[seg as string];
        checkShape(spec, POD_SPEC_SHAPE, w.specPath, out);
      }
      for (const m of out) {
        ctx.report({
          resource,
          path: m.path,
          message: `${formatPath(m.path)} must be ${m.expected}, found ${m.found}; the API server would reject this object`,
        });
      }
    }
  },
});
