/**
 * The JSON Schema of `kzt scan -o json`, published as schema/kzt-scan-report.schema.json
 * (by `npm run docs`). It is strict (no additional properties) so the tests catch a field
 * that was added without being documented, and docs/json-output.md is tested to mention
 * every property named here.
 */
import { PILLARS, SEVERITIES } from '../engine/types.js';
import { JSON_SCHEMA_VERSION } from './json.js';

const nullable = (schema: object) => ({ anyOf: [schema, { type: 'null' }] });
const obj = (properties: Record<string, object>, description?: string) => ({
  type: 'object',
  ...(description ? { description } : {}),
  additionalProperties: false,
  required: Object.keys(properties),
  properties,
});
const count = { type: 'integer', minimum: 0 };
const str = { type: 'string' };

const objectRef = obj(
  {
    apiVersion: str,
    kind: str,
    namespace: { ...nullable(str), description: 'null for cluster-scoped objects' },
    name: str,
  },
  'The Kubernetes object',
);

const location = obj(
  {
    file: { type: 'string', description: 'Relative to the working directory; <stdin> for standard input' },
    line: nullable({ type: 'integer', minimum: 1 }),
    column: nullable({ type: 'integer', minimum: 1 }),
    helmSource: { ...nullable(str), description: 'The Helm template named by a "# Source:" comment' },
  },
  'Where in the input',
);

const severity = { enum: [...SEVERITIES] };
const pillarScore = obj({
  score: nullable({ type: 'integer', minimum: 0, maximum: 100 }),
  findings: count,
  evaluated: count,
});

export function scanReportJsonSchema(): object {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: 'kzt scan -o json',
    ...obj({
      schemaVersion: { const: JSON_SCHEMA_VERSION },
      tool: obj({ name: { const: 'kzt' }, version: str }),
      summary: obj({
        resources: count,
        files: count,
        checks: count,
        findings: count,
        suppressed: count,
        bySeverity: obj(Object.fromEntries(SEVERITIES.map((s) => [s, count]))),
        errors: count,
        warnings: count,
      }),
      scores: obj({
        overall: nullable({ type: 'integer', minimum: 0, maximum: 100 }),
        pillars: obj(Object.fromEntries(PILLARS.map((p) => [p, pillarScore]))),
      }),
      options: obj({
        pss: obj({ level: { enum: ['baseline', 'restricted'] }, version: str }),
      }),
      findings: {
        type: 'array',
        items: obj({
          checkId: { type: 'string', pattern: '^ZT-[A-Z]+-\\d{3}$' },
          slug: str,
          pillar: { enum: [...PILLARS, 'input'] },
          severity,
          message: str,
          resource: nullable(objectRef),
          location: nullable(location),
          path: str,
          suppressed: { type: 'boolean' },
          suppression: nullable(
            obj({
              by: { enum: ['annotation', 'config', 'baseline'] },
              reason: nullable(str),
              expires: nullable({ type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' }),
            }),
          ),
          fingerprint: {
            type: 'string',
            pattern: '^[0-9a-f]{8,64}$',
            description: 'Opaque; compare for equality only',
          },
        }),
      },
      errors: {
        type: 'array',
        items: obj({
          code: str,
          message: str,
          checkId: nullable(str),
          resource: nullable(objectRef),
          location: nullable(location),
        }),
      },
      warnings: {
        type: 'array',
        items: obj({ code: str, message: str, location: nullable(location) }),
      },
    }),
  };
}
