/**
 * Generated documentation must match the code: the check pages and index (from check
 * metadata) and the published JSON schemas. Hand-written docs are checked against the
 * code they describe (every config key documented, the scoring example computed by the
 * real formula, every JSON report field documented).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generatedFiles, ROOT, staleFiles } from '../scripts/gen-docs.js';
import { ALL_CHECKS } from '../src/checks/index.js';
import { main } from '../src/cli/main.js';
import { configJsonSchema } from '../src/engine/config.js';
import { computeScores } from '../src/engine/scoring.js';
import { PILLARS } from '../src/engine/types.js';
import { catalogueIndexMarkdown, checkPageMarkdown } from '../src/report/catalogue.js';
import { FORMATS } from '../src/report/index.js';
import { scanReportJsonSchema } from '../src/report/json-schema.js';
import { privileged } from './reports/fixtures.js';
import { scanReportValidator } from './reports/schemas.js';

const read = (p: string) => readFileSync(join(ROOT, p), 'utf8');
const HOW_TO_FIX = 'run `npm run docs` and commit the result';

describe('generated docs and schemas are up to date', () => {
  const files = generatedFiles();
  it.each([...files.keys()])('%s', (path) => {
    let committed: string | undefined;
    try {
      committed = read(path);
    } catch {
      committed = undefined;
    }
    expect(committed, `${path} is missing; ${HOW_TO_FIX}`).toBeDefined();
    expect(committed === files.get(path), `${path} is stale; ${HOW_TO_FIX}`).toBe(true);
  });

  it('has no page for a check that does not exist', () => {
    const { extra } = staleFiles(files);
    expect(extra, `pages without a check; ${HOW_TO_FIX} (it removes them)`).toEqual([]);
  });

  it('generates one page per check and an index linking each', () => {
    const pages = [...files.keys()].filter((p) => /docs\/checks\/ZT-[A-Z]+-\d{3}\.md$/.test(p));
    expect(pages.length).toBe(ALL_CHECKS.length);
    const index = files.get('docs/checks/README.md')!;
    for (const c of ALL_CHECKS) expect(index).toContain(`[${c.meta.id}](${c.meta.id}.md)`);
  });

  it('the config schema is the one the code validates with', () => {
    expect(JSON.parse(read('schema/kzt-config.schema.json'))).toEqual(configJsonSchema());
  });
});

describe('check pages', () => {
  const page = checkPageMarkdown({ ...privileged, examples: { fail: ['a: 1\n'], pass: ['b: "```"\n'] } });

  it('carry every part of the metadata', () => {
    expect(page).toContain('# ZT-WL-901: Containers must not run privileged');
    expect(page).toContain('| Severity | critical (SARIF security-severity 9.5) |');
    expect(page).toContain('## Why it matters\n\nA privileged container has every capability of the host.');
    expect(page).toContain('## How to fix it\n\nSet `securityContext.privileged: false`');
    expect(page).toContain('| CIS Kubernetes Benchmark | 5.2.2 |');
    expect(page).toContain('| Pod Security Admission | `privileged` | same verdicts, object for object |');
    expect(page).toContain('- <https://kubernetes.io/docs/concepts/security/pod-security-standards/>');
  });

  it('put examples in fences that their content cannot close', () => {
    expect(page).toContain('## Fails\n\n```yaml\na: 1\n```');
    expect(page).toContain('## Passes\n\n````yaml\nb: "```"\n````');
  });

  it('the index cross-references frameworks and peer tools', () => {
    const index = catalogueIndexMarkdown([privileged]);
    expect(index).toContain('| 5.2.2 | [ZT-WL-901](ZT-WL-901.md) | Containers must not run privileged |');
    expect(index).toContain('### Pod Security Admission');
    expect(index).toContain('| `privileged` | [ZT-WL-901](ZT-WL-901.md) | same |');
    expect(index).not.toContain('### Kubescape');
  });
});

describe('hand-written docs match the code', () => {
  it('docs/configuration.md documents every key of the config schema', () => {
    const doc = read('docs/configuration.md');
    const schema = configJsonSchema() as {
      properties: Record<string, { properties?: Record<string, unknown>; items?: { properties?: object } }>;
    };
    const keys: string[] = [];
    for (const [k, v] of Object.entries(schema.properties)) {
      if (k === '$schema') continue;
      keys.push(k);
      keys.push(...Object.keys(v.properties ?? {}));
      keys.push(...Object.keys(v.items?.properties ?? {}));
    }
    for (const k of keys)
      expect(doc, `docs/configuration.md does not mention \`${k}\``).toContain(`\`${k}\``);
    for (const a of ['kzt.io/ignore', 'kzt.io/ignore-reason', '--baseline', '--config'])
      expect(doc).toContain(a);
  });

  it('docs/json-output.md documents every field of the JSON report', () => {
    const doc = read('docs/json-output.md');
    const fields = new Set<string>();
    const walk = (s: unknown) => {
      if (Array.isArray(s)) s.forEach(walk);
      else if (s && typeof s === 'object') {
        const o = s as Record<string, unknown>;
        if (o.properties && typeof o.properties === 'object')
          for (const k of Object.keys(o.properties)) fields.add(k);
        Object.values(o).forEach(walk);
      }
    };
    walk(scanReportJsonSchema());
    for (const p of PILLARS) fields.delete(p);
    for (const f of fields) {
      // `field` or a dotted path ending in it (`pillars.*.score`).
      const documented = new RegExp(`\`([\\w.*\\[\\]]+\\.)?${f.replace('$', '\\$')}\``).test(doc);
      expect(documented, `docs/json-output.md does not document \`${f}\``).toBe(true);
    }
    expect(doc).toContain('schemaVersion');
  });

  it("docs/json-output.md's example is a valid report", () => {
    const doc = read('docs/json-output.md');
    const block = /```json\n([\s\S]*?)\n```/.exec(doc);
    expect(block, 'no json example').not.toBeNull();
    const v = scanReportValidator();
    expect(v(JSON.parse(block![1]!)), JSON.stringify(v.errors)).toBe(true);
  });

  it("docs/configuration.md's complete example is accepted by kzt scan", async () => {
    const doc = read('docs/configuration.md');
    const section = doc.slice(doc.indexOf('## A complete example'));
    const block = /```yaml\n([\s\S]*?)\n```/.exec(section);
    expect(block, 'no yaml example').not.toBeNull();
    const dir = mkdtempSync(join(tmpdir(), 'kzt-config-doc-'));
    try {
      writeFileSync(join(dir, '.kzt.yaml'), block![1]!);
      writeFileSync(join(dir, 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n');
      let stderr = '';
      const code = await main(['scan', join(dir, 'cm.yaml'), '-o', 'json'], {
        stdout: () => {},
        stderr: (t) => {
          stderr += t;
        },
        readStdin: async () => new Uint8Array(),
        env: {},
        cwd: dir,
        isTTY: false,
      });
      expect(stderr).toBe('');
      expect(code).not.toBe(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('docs/reports.md describes every output format', () => {
    const doc = read('docs/reports.md');
    for (const f of Object.keys(FORMATS)) expect(doc).toContain(`-o ${f}`);
  });

  it("docs/scoring.md's worked example is what the scoring code computes", () => {
    const doc = read('docs/scoring.md');
    // The example of the document: identity has a critical check on 4 objects (1 failed)
    // and a medium check on 10 (5 failed); workload a high check on 20 (2 failed);
    // segmentation a check that applied to nothing.
    const scores = computeScores([
      { pillar: 'identity', severity: 'critical', applicable: 4, failed: 1, findings: 1 },
      { pillar: 'identity', severity: 'medium', applicable: 10, failed: 5, findings: 7 },
      { pillar: 'workload', severity: 'high', applicable: 20, failed: 2, findings: 3 },
      { pillar: 'segmentation', severity: 'high', applicable: 0, failed: 0, findings: 0 },
    ]);
    expect(scores.pillars.identity.score).toBe(64);
    expect(scores.pillars.workload.score).toBe(90);
    expect(scores.pillars.segmentation.score).toBeNull();
    expect(scores.overall).toBe(77);
    for (const s of ['25 / 70', '**64**', '2 / 20', '**90**', '**77**', 'n/a']) expect(doc).toContain(s);
  });
});
