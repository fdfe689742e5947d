/** Validators for the report tests: the official SARIF 2.1.0 schema and kzt's own JSON report schema. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as ajvModule from 'ajv';
import * as ajv2020Module from 'ajv/dist/2020.js';
import * as ajv04Module from 'ajv-draft-04';
import * as formatsModule from 'ajv-formats';
import { scanReportJsonSchema } from '../../src/report/json-schema.js';

const require = createRequire(import.meta.url);

// These are CommonJS modules whose class is both module.exports and its .default; under
// NodeNext the TypeScript view and the runtime view of the default import differ.
const Ajv04 = ajv04Module.default.default;
const Ajv2020 = ajv2020Module.default.default;
const Ajv = ajvModule.default.default;
const addFormats = formatsModule.default.default;

/**
 * The SARIF 2.1.0 JSON schema (draft-04) as published by Microsoft in @microsoft/jest-sarif
 * (lib/schemas/sarif-2.1.0-rtm.5.json, the schema of the final 2.1.0 format). The schema
 * file is not copied into kzt; the package is a dev dependency.
 */
export const SARIF_SCHEMA_PATH = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');

export function sarifValidator() {
  const schema = JSON.parse(readFileSync(SARIF_SCHEMA_PATH, 'utf8'));
  // unicodeRegExp: false because the schema's `language` pattern has a stray `]` that
  // JavaScript's unicode mode rejects; strict: false because the schema uses draft-04
  // idioms ajv's strict mode flags.
  const ajv = new Ajv04({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile(schema);
}

export function scanReportValidator() {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  return ajv.compile(scanReportJsonSchema());
}

/**
 * The constraints of the wgpolicyk8s.io/v1alpha2 CRD (policyreport_types.go, see
 * ../shared/notes/admission-pss-mesh.md §2.4): required policy, the result and severity
 * enums, integer summary counts, a {seconds, nanos} timestamp, properties as a map of
 * strings, resources as ObjectReferences. additionalProperties is false on purpose: the API
 * server prunes unknown fields of a structural CRD, so an unknown field is silently lost data.
 */
const objectReference = {
  type: 'object',
  additionalProperties: false,
  required: ['kind', 'name'],
  properties: {
    apiVersion: { type: 'string' },
    kind: { type: 'string' },
    name: { type: 'string' },
    namespace: { type: 'string' },
    uid: { type: 'string' },
  },
};
const count = { type: 'integer', minimum: 0 };
const crdSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['apiVersion', 'kind', 'metadata', 'summary', 'results'],
  properties: {
    apiVersion: { const: 'wgpolicyk8s.io/v1alpha2' },
    kind: { enum: ['PolicyReport', 'ClusterPolicyReport'] },
    metadata: {
      type: 'object',
      required: ['name'],
      properties: {
        name: {
          type: 'string',
          pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$',
        },
        namespace: { type: 'string' },
        labels: { type: 'object', additionalProperties: { type: 'string', maxLength: 63 } },
      },
    },
    scope: objectReference,
    summary: {
      type: 'object',
      additionalProperties: false,
      required: ['pass', 'fail', 'warn', 'error', 'skip'],
      properties: { pass: count, fail: count, warn: count, error: count, skip: count },
    },
    results: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['policy', 'result'],
        properties: {
          source: { type: 'string' },
          policy: { type: 'string', minLength: 1 },
          rule: { type: 'string' },
          category: { type: 'string' },
          severity: { enum: ['critical', 'high', 'medium', 'low', 'info'] },
          timestamp: {
            type: 'object',
            additionalProperties: false,
            required: ['seconds', 'nanos'],
            properties: {
              seconds: { type: 'integer' },
              nanos: { type: 'integer', minimum: 0, maximum: 999_999_999 },
            },
          },
          result: { enum: ['pass', 'fail', 'warn', 'error', 'skip'] },
          scored: { type: 'boolean' },
          message: { type: 'string' },
          resources: { type: 'array', items: objectReference },
          properties: { type: 'object', additionalProperties: { type: 'string' } },
        },
      },
    },
  },
};

export function policyReportValidator() {
  return new Ajv({ allErrors: true, strict: true }).compile(crdSchema);
}
