/**
 * The `.kzt.yaml` configuration file: validated with a schema (published as
 * schema/kzt-config.schema.json for editors), with errors that name the field.
 */
import { z } from 'zod';
import type { EngineConfig } from './runner.js';
import { type ScanOptions, SEVERITIES, type Severity } from './types.js';

const CHECK_ID = z.string().regex(/^(ZT-[A-Z]+-(\d{3}|\*)|\*)$/, 'a check id like ZT-WL-003, or * ');
const DATE = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date like 2027-01-31');

export const ConfigSchema = z
  .object({
    $schema: z.string().optional(),
    pss: z
      .object({
        level: z.enum(['baseline', 'restricted']).default('restricted'),
        version: z
          .string()
          .regex(/^(latest|v1\.(0|[1-9][0-9]*))$/, 'latest or v1.N')
          .default('latest'),
      })
      .strict()
      .optional()
      .describe('Pod Security Standards level and version the workload checks enforce'),
    failOn: z
      .enum([...SEVERITIES, 'none'])
      .optional()
      .describe('Lowest severity that makes `kzt scan` exit 1'),
    exclude: z
      .array(
        z
          .object({
            checks: z.array(CHECK_ID).min(1).describe('Check ids (or * / ZT-WL-*) this exclusion applies to'),
            namespaces: z.array(z.string()).optional().describe('Namespace names or globs'),
            kinds: z.array(z.string()).optional().describe('Kinds, e.g. DaemonSet'),
            names: z.array(z.string()).optional().describe('Object names or globs'),
            reason: z.string().min(1).describe('Why this is accepted; shown in every report'),
            expires: DATE.optional().describe('Last day the exclusion applies (YYYY-MM-DD)'),
          })
          .strict(),
      )
      .default([])
      .describe('Accepted findings: still listed, marked suppressed'),
    severity: z.record(CHECK_ID, z.enum(SEVERITIES)).default({}).describe('Severity overrides by check id'),
    disable: z.array(CHECK_ID).default([]).describe('Checks not to run'),
  })
  .strict();

export type KztConfig = z.infer<typeof ConfigSchema>;

export type ConfigParse = { ok: true; config: KztConfig } | { ok: false; errors: string[] };

export function parseConfig(raw: unknown): ConfigParse {
  const r = ConfigSchema.safeParse(raw ?? {});
  if (r.success) return { ok: true, config: r.data };
  return {
    ok: false,
    errors: r.error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`),
  };
}

/** The scan options and engine settings a configuration yields. */
export function resolveConfig(config: KztConfig): {
  options: ScanOptions;
  engine: EngineConfig;
  failOn?: Severity | 'none';
} {
  const out: { options: ScanOptions; engine: EngineConfig; failOn?: Severity | 'none' } = {
    options: { pss: { level: config.pss?.level ?? 'restricted', version: config.pss?.version ?? 'latest' } },
    engine: {
      exclusions: config.exclude.map((e) => ({
        checks: e.checks,
        reason: e.reason,
        ...(e.namespaces ? { namespaces: e.namespaces } : {}),
        ...(e.kinds ? { kinds: e.kinds } : {}),
        ...(e.names ? { names: e.names } : {}),
        ...(e.expires ? { expires: e.expires } : {}),
      })),
      severity: config.severity,
      disabled: config.disable,
    },
  };
  if (config.failOn) out.failOn = config.failOn;
  return out;
}

export function configJsonSchema(): unknown {
  return z.toJSONSchema(ConfigSchema, { io: 'input' });
}
