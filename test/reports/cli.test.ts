/** The report formats and `kzt checks` through the real CLI, in-process, with a fake io. */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { ALL_CHECKS } from '../../src/checks/index.js';
import type { CliIO } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { FORMATS } from '../../src/report/index.js';
import { policyReportValidator, sarifValidator, scanReportValidator } from './schemas.js';
import { assertWellFormed, parseXml } from './xml.js';

const dir = mkdtempSync(join(tmpdir(), 'kzt-reports-'));
// Absolute: the loader resolves PATH arguments against the process's directory, not io.cwd.
const APP = join(dir, 'app.yaml');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// A document that does not parse gives a ZT-IN-001 finding (high) whatever else the
// catalogue holds; the ConfigMap is harmless.
writeFileSync(
  join(dir, 'app.yaml'),
  'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: prod\ndata:\n  mode: fast\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: broken\ndata: [unclosed\n',
);

async function run(argv: string[], env: Record<string, string> = {}, isTTY = false) {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    readStdin: async () => new Uint8Array(),
    env,
    cwd: dir,
    isTTY,
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

const ANSI = /\u001b\[/;

/**
 * The exit code every format must give for app.yaml: 1 for the high ZT-IN-001 finding, or
 * 2 if some check of the (growing) catalogue fails on this input. Computed from the JSON
 * report so these tests check the reports, not the other checks.
 */
let expectedCode = 1;

/** What each format's output must satisfy to be usable by its consumer. */
const CHECKERS: Record<string, (text: string) => void> = {
  table: (t) => {
    expect(t).toContain('ZT-IN-001');
    expect(t.replace(/\s+/g, ' ')).toMatch(new RegExp(`: exit ${expectedCode} $`));
  },
  json: (t) => {
    const doc = JSON.parse(t);
    const v = scanReportValidator();
    expect(v(doc), JSON.stringify(v.errors)).toBe(true);
    expect(doc.findings.map((f: { checkId: string }) => f.checkId)).toContain('ZT-IN-001');
  },
  sarif: (t) => {
    const v = sarifValidator();
    const log = JSON.parse(t);
    expect(v(log), JSON.stringify(v.errors)).toBe(true);
    const r = log.runs[0].results.find((x: { ruleId: string }) => x.ruleId === 'ZT-IN-001');
    expect(r.locations[0].physicalLocation.artifactLocation.uri).toBe('app.yaml');
  },
  junit: (t) => {
    assertWellFormed(t);
    expect(Number(parseXml(t).testsuites['@_failures'])).toBeGreaterThan(0);
  },
  html: (t) => {
    expect(t.startsWith('<!doctype html>')).toBe(true);
    expect(t).toContain('ZT-IN-001');
    expect(t).not.toMatch(/\s(src|srcset|data)=|<link|@import|url\(/i);
  },
  policyreport: (t) => {
    const docs = yaml.loadAll(t) as Array<{ kind: string; results: Array<{ policy: string }> }>;
    expect(docs[0]!.kind).toBe('ClusterPolicyReport');
    expect(docs[0]!.results.map((r) => r.policy)).toContain('ZT-IN-001');
  },
};

describe('kzt scan -o FORMAT [--output-file F]', () => {
  it('the JSON report decides the expected exit code', async () => {
    const doc = JSON.parse((await run(['scan', APP, '-o', 'json'])).stdout);
    expectedCode = doc.errors.length > 0 ? 2 : 1;
    if (expectedCode === 2)
      process.stdout.write(`note: a check failed on the test input: ${doc.errors[0].message}\n`);
  });

  it('every registered format has a checker here', () => {
    expect(Object.keys(CHECKERS).sort()).toEqual(Object.keys(FORMATS).sort());
  });

  it.each(Object.keys(FORMATS))('-o %s to stdout', async (format) => {
    const r = await run(['scan', APP, '-o', format]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(expectedCode);
    CHECKERS[format]!(r.stdout);
  });

  it.each(Object.keys(FORMATS))(
    '-o %s --output-file writes the same report to the file, nothing to stdout',
    async (format) => {
      const out = `out-${format}.txt`;
      const r = await run(['scan', APP, '-o', format, '--output-file', out]);
      expect(r.code).toBe(expectedCode);
      expect(r.stdout).toBe('');
      const text = readFileSync(join(dir, out), 'utf8');
      CHECKERS[format]!(text);
      const again = await run(['scan', APP, '-o', format]);
      if (format !== 'policyreport') expect(text).toBe(again.stdout);
    },
  );

  it('colours the table on a terminal, never in a file or with NO_COLOR', async () => {
    const tty = await run(['scan', APP], { FORCE_COLOR: '1' }, true);
    expect(tty.stdout).toMatch(ANSI);
    const noColor = await run(['scan', APP], { NO_COLOR: '1' }, true);
    expect(noColor.stdout).not.toMatch(ANSI);
    await run(['scan', APP, '--output-file', 'table.txt'], { FORCE_COLOR: '1' }, true);
    expect(readFileSync(join(dir, 'table.txt'), 'utf8')).not.toMatch(ANSI);
  });

  it('the table explains the threshold that decides the exit code', async () => {
    const r = await run(['scan', APP, '--fail-on', 'critical']);
    const tail = r.stdout.replace(/\s+/g, ' ');
    if (expectedCode === 2) expect(tail).toMatch(/error(s)?: exit 2 $/);
    else expect(tail).toMatch(/none at or above --fail-on critical: exit 0 $/);
    expect(r.code).toBe(expectedCode === 2 ? 2 : 0);
  });

  it('rejects an unknown format with exit 2', async () => {
    const r = await run(['scan', APP, '-o', 'xml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('xml');
  });
});

describe('kzt checks', () => {
  it('lists every check with id, severity, pillar and title', async () => {
    const r = await run(['checks']);
    expect(r.code).toBe(0);
    for (const c of ALL_CHECKS) {
      const line = r.stdout.split('\n').find((l) => l.startsWith(`${c.meta.id} `));
      expect(line, c.meta.id).toBeDefined();
      expect(line!.split(/ {2,}/)).toEqual([c.meta.id, c.meta.severity, c.meta.pillar, c.meta.title]);
    }
  });

  it('-o json prints exactly { id, slug, title, pillar, severity, frameworks, sources } per check', async () => {
    const r = await run(['checks', '-o', 'json']);
    expect(r.code).toBe(0);
    const list = JSON.parse(r.stdout);
    expect(list).toHaveLength(ALL_CHECKS.length);
    list.forEach((entry: Record<string, unknown>, i: number) => {
      const m = ALL_CHECKS[i]!.meta;
      expect(entry).toEqual({
        id: m.id,
        slug: m.slug,
        title: m.title,
        pillar: m.pillar,
        severity: m.severity,
        frameworks: m.frameworks,
        sources: m.sources,
      });
      expect(Object.keys(entry)).toEqual([
        'id',
        'slug',
        'title',
        'pillar',
        'severity',
        'frameworks',
        'sources',
      ]);
    });
  });

  it('ID or slug prints the documentation of one check', async () => {
    const c = ALL_CHECKS[0]!;
    for (const q of [c.meta.id, c.meta.id.toLowerCase(), c.meta.slug]) {
      const r = await run(['checks', q]);
      expect(r.code).toBe(0);
      expect(r.stdout.startsWith(`${c.meta.id}  ${c.meta.title}\n`)).toBe(true);
      expect(r.stdout).toContain(c.meta.description.trim());
      expect(r.stdout).toContain(c.meta.remediation.trim());
      for (const ex of c.examples.fail) expect(r.stdout).toContain(ex.trimEnd());
    }
    const j = JSON.parse((await run(['checks', c.meta.id, '-o', 'json'])).stdout);
    expect(j.id).toBe(c.meta.id);
    expect(j.examples).toEqual(c.examples);
    expect(j.remediation).toBe(c.meta.remediation);
  });

  it('an unknown id exits 2 with a hint', async () => {
    const near = ALL_CHECKS[0]!.meta.id.slice(0, -1);
    const r = await run(['checks', near]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`no check "${near}"`);
    expect(r.stderr).toContain('did you mean');
    expect(r.stderr).toContain('run kzt checks to list them');
    const far = await run(['checks', 'nothing-like-this-at-all']);
    expect(far.code).toBe(2);
    expect(far.stderr).not.toContain('did you mean');
  });

  it('rejects an unknown output format with exit 2', async () => {
    expect((await run(['checks', '-o', 'yaml'])).code).toBe(2);
  });
});

// The bundled example app, scanned with the real catalogue: whatever checks exist, every
// machine-readable format must stay valid for its consumer.
const SHOP = join(process.cwd(), 'examples/shop');
describe.skipIf(!existsSync(SHOP))('every format on examples/shop with the real catalogue', () => {
  it('sarif validates against the SARIF 2.1.0 schema', async () => {
    const log = JSON.parse((await run(['scan', SHOP, '-o', 'sarif'])).stdout);
    const v = sarifValidator();
    expect(v(log), JSON.stringify(v.errors?.slice(0, 3))).toBe(true);
    expect(log.runs[0].results.length).toBeGreaterThan(0);
  });
  it('json validates against the published schema', async () => {
    const doc = JSON.parse((await run(['scan', SHOP, '-o', 'json'])).stdout);
    const v = scanReportValidator();
    expect(v(doc), JSON.stringify(v.errors?.slice(0, 3))).toBe(true);
  });
  it('junit is well-formed and policyreport satisfies the CRD', async () => {
    assertWellFormed((await run(['scan', SHOP, '-o', 'junit'])).stdout);
    const v = policyReportValidator();
    for (const d of yaml.loadAll((await run(['scan', SHOP, '-o', 'policyreport'])).stdout))
      expect(v(d), JSON.stringify(v.errors?.slice(0, 3))).toBe(true);
  });
});

// Secret values must never reach a report, whichever check looks at them.
describe('no report prints a secret value', () => {
  const canary = 'kzt-canary-Zq7xV3pL9';
  const b64 = Buffer.from(canary).toString('base64');
  const file = join(dir, 'secrets.yaml');
  writeFileSync(
    file,
    [
      `apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\n  namespace: prod\ntype: Opaque\ndata:\n  password: ${b64}\nstringData:\n  token: ${canary}`,
      `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: prod\ndata:\n  DB_PASSWORD: ${canary}\n  AWS_SECRET_ACCESS_KEY: ${canary}`,
      `apiVersion: v1\nkind: Pod\nmetadata:\n  name: app\n  namespace: prod\nspec:\n  containers:\n    - name: app\n      image: app:1\n      env:\n        - name: DB_PASSWORD\n          value: ${canary}\n        - name: API_TOKEN\n          value: ${canary}`,
    ].join('\n---\n'),
  );
  it.each(Object.keys(FORMATS))('-o %s', async (format) => {
    const r = await run(['scan', file, '-o', format, '--fail-on', 'none']);
    expect(r.stdout.length).toBeGreaterThan(0);
    expect(r.stdout).not.toContain(canary);
    expect(r.stdout).not.toContain(b64);
  });
});
