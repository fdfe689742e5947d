/** Validators for the report tests: the official SARIF 2.1.0 schema and kzt's own JSON report schema. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as ajv2020Module from 'ajv/dist/2020.js';
import * as ajv04Module from 'ajv-draft-04';
import * as formatsModule from 'ajv-formats';
import { scanReportJsonSchema } from '../../src/report/json-schema.js';

const require = createRequire(import.meta.url);

// These are CommonJS modules whose class is both module.exports and its .default; under
// NodeNext the TypeScript view and the runtime view of the default import differ.
const Ajv04 = ajv04Module.default.default;
const Ajv2020 = ajv2020Module.default.default;
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
