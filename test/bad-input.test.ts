/**
 * Hostile and broken input: every case gets a clear message with its location, nothing
 * crashes, and the rest of the input is still analysed (the good Pod next to the bad
 * file is always found).
 */
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inventoryFromYaml, loadManifests } from '../src/input/load.js';
import { parseYamlStream } from '../src/input/parse-yaml.js';
import { runCli } from './support/cli.js';

const GOOD =
  'apiVersion: v1\nkind: Pod\nmetadata:\n  name: good\nspec:\n  containers:\n    - name: c\n      image: nginx:1.27\n';

function dirWith(files: Record<string, string | Uint8Array>): string {
  const dir = mkdtempSync(join(tmpdir(), 'kzt-bad-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

async function scanJson(dir: string, extra: string[] = []) {
  const run = await runCli(['scan', dir, '-o', 'json', '--fail-on', 'none', ...extra], { cwd: dir });
  return { run, json: JSON.parse(run.stdout) as any };
}

const goodAnalysed = (json: any) => expect(json.summary.resources).toBeGreaterThanOrEqual(1);

describe('bad input', () => {
  it('a binary file is refused with the offset of its first NUL; the rest is analysed; exit 2', async () => {
    const dir = dirWith({
      'good.yaml': GOOD,
      'image.yaml': new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
    });
    const { run, json } = await scanJson(dir);
    expect(run.code).toBe(2);
    expect(json.errors).toHaveLength(1);
    expect(json.errors[0]).toMatchObject({
      code: 'binary',
      message: expect.stringMatching(/binary file \(NUL byte at offset 8, line 3\)/),
      location: { file: 'image.yaml' },
    });
    goodAnalysed(json);
  });

  it('a file that is not UTF-8 names the first invalid byte and its line', async () => {
    const latin1 = new Uint8Array([
      ...new TextEncoder().encode('apiVersion: v1\nkind: ConfigMap\n'),
      0x63,
      0x61,
      0x66,
      0xe9,
      0x0a,
    ]);
    const dir = dirWith({ 'good.yaml': GOOD, 'latin1.yaml': latin1 });
    const { run, json } = await scanJson(dir);
    expect(run.code).toBe(2);
    expect(json.errors[0]).toMatchObject({
      code: 'encoding',
      message: expect.stringMatching(/not valid UTF-8 \(first invalid byte at offset 34, line 3\)/),
      location: { file: 'latin1.yaml' },
    });
    goodAnalysed(json);
  });

  it('UTF-16 is refused with a hint', async () => {
    const dir = dirWith({ 'good.yaml': GOOD, 'u16.yaml': new Uint8Array([0xff, 0xfe, 0x61, 0x00]) });
    const { json } = await scanJson(dir);
    expect(json.errors[0].message).toMatch(/UTF-16/);
    goodAnalysed(json);
  });

  it('an unreadable file is an error naming the file; the rest is analysed', async () => {
    const dir = dirWith({ 'good.yaml': GOOD, 'secret.yaml': GOOD.replace('good', 'hidden') });
    const unreadable = join(dir, 'secret.yaml');
    chmodSync(unreadable, 0o000);
    // root reads anything; /proc/self/mem fails with EIO for every user on Linux.
    const target = process.getuid?.() === 0 ? '/proc/self/mem' : unreadable;
    const { run, json } = await scanJson(join(dir, 'good.yaml'), []).then(async () => {
      const r = await runCli(['scan', join(dir, 'good.yaml'), target, '-o', 'json', '--fail-on', 'none'], {
        cwd: dir,
      });
      return { run: r, json: JSON.parse(r.stdout) };
    });
    expect(run.code).toBe(2);
    expect(json.errors).toHaveLength(1);
    expect(json.errors[0]).toMatchObject({ code: 'unreadable', location: { file: target } });
    expect(json.errors[0].message).toMatch(/cannot read file: E(IO|ACCES)/);
    expect(json.summary.resources).toBe(1);
  });

  it('a missing path is a one-line error with exit 2', async () => {
    const run = await runCli(['scan', '/definitely/not/here.yaml', '-o', 'json']);
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout).errors[0]).toMatchObject({
      code: 'not-found',
      location: { file: '/definitely/not/here.yaml' },
    });
  });

  it('a YAML alias bomb is stopped in its document, reported at its line; the next document is analysed', () => {
    const bomb = [
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata: {name: lol}',
      'data:',
      '  a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
      ...'bcdefghi'
        .split('')
        .map((c, i) => `  ${c}: &${c} [${Array(10).fill(`*${'abcdefghi'[i]}`).join(',')}]`),
    ].join('\n');
    const { inventory, documentProblems } = inventoryFromYaml(`${bomb}\n---\n${GOOD}`);
    expect(documentProblems).toEqual([
      expect.objectContaining({ code: 'excessive-aliasing', severity: 'error', line: 1, documentIndex: 0 }),
    ]);
    expect(inventory.resources.map((r) => r.ref.name)).toEqual(['good']);
  });

  it('a self-referencing alias is rejected, not followed forever', () => {
    const { documentProblems, inventory } = inventoryFromYaml(`a: &a [*a]\n---\n${GOOD}`);
    expect(documentProblems[0]).toMatchObject({
      code: 'excessive-aliasing',
      message: expect.stringMatching(/refers to a node that contains it/),
    });
    expect(inventory.resources).toHaveLength(1);
  });

  it('10,000-deep nesting is reported as too deep at its position; the rest is analysed', () => {
    const deep = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep}\ndata: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`;
    const deepBlock = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep2}\ndata:\n${Array.from({ length: 10_000 }, (_, i) => `${' '.repeat(i + 1)}k:`).join('\n')} v\n`;
    for (const text of [deep, deepBlock]) {
      const { documentProblems, inventory } = inventoryFromYaml(`${text}---\n${GOOD}`);
      expect(documentProblems).toEqual([expect.objectContaining({ code: 'too-deep', severity: 'error' })]);
      expect(documentProblems[0]!.line).toBeGreaterThanOrEqual(4);
      expect(inventory.resources.map((r) => r.ref.name)).toEqual(['good']);
    }
  });

  it('a syntax error becomes a ZT-IN-001 finding at its position; the other documents are analysed', async () => {
    const dir = dirWith({
      'mixed.yaml': `${GOOD}---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: broken\ndata: {a: 1\n---\n${GOOD.replace('good', 'second')}`,
    });
    const { run, json } = await scanJson(dir);
    expect(run.code).toBe(0);
    const f = json.findings.filter((x: any) => x.checkId === 'ZT-IN-001');
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({
      resource: null,
      location: { file: 'mixed.yaml', line: 15 },
      severity: 'high',
    });
    expect(f[0].message).toMatch(/YAML syntax error.*\(document 2\)/);
    expect(json.summary.resources).toBe(2);
  });

  it('a 100 MB file is analysed (or refused over --max-file-size), never crashes', async () => {
    const big = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: huge\ndata:\n  blob: |\n${'    0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n'.repeat(1_600_000)}---\n${GOOD.replace('good', 'after-huge')}`;
    expect(big.length).toBeGreaterThan(100 * 1024 * 1024);
    const dir = dirWith({ 'huge.yaml': big, 'good.yaml': GOOD });
    const analysed = await loadManifests([dir], { cwd: dir });
    expect(analysed.issues).toEqual([]);
    expect(analysed.inventory.resources.map((r) => r.ref.name).sort()).toEqual([
      'after-huge',
      'good',
      'huge',
    ]);
    const refused = await loadManifests([dir], { cwd: dir, maxFileSize: 50 * 1024 * 1024 });
    expect(refused.issues).toEqual([
      expect.objectContaining({
        code: 'too-large',
        location: { file: 'huge.yaml' },
        message: expect.stringMatching(/over the 50 MiB limit/),
      }),
    ]);
    expect(refused.inventory.resources.map((r) => r.ref.name)).toEqual(['good']);
  }, 120_000);

  it('wrong types are ZT-IN-003 findings with exact paths, and no check crashes on them', async () => {
    const dir = dirWith({
      'types.yaml': [
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p1\nspec:\n  containers: "x"\n',
        'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d1\n  labels:\n    tier: 3\nspec:\n  template:\n    spec:\n      containers:\n        - name: c\n          image: nginx:1.27\n          securityContext: 5\n        - 7\n      hostNetwork: "true"\n',
      ].join('---\n'),
    });
    const { run, json } = await scanJson(dir);
    expect(json.errors).toEqual([]);
    expect(run.code).toBe(0);
    const f = json.findings
      .filter((x: any) => x.checkId === 'ZT-IN-003')
      .map((x: any) => `${x.resource.name} ${x.path} L${x.location.line}`);
    expect(f.sort()).toEqual([
      'd1 metadata.labels.tier L13',
      'd1 spec.template.spec.containers[0].securityContext L20',
      'd1 spec.template.spec.containers[1] L21',
      'd1 spec.template.spec.hostNetwork L22',
      'p1 spec.containers L6',
    ]);
  });

  it('missing names, unknown kinds, CRDs and non-Kubernetes documents are handled with warnings', async () => {
    const dir = dirWith({
      'misc.yaml': [
        'apiVersion: v1\nkind: ConfigMap\nmetadata: {}\n',
        'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\nspec:\n  anything: [1, 2]\n',
        'just: a map\n',
        '- a\n- list\n',
        GOOD,
      ].join('---\n'),
      'Chart.yaml': 'apiVersion: v2\nname: shop\nversion: 0.1.0\n',
    });
    const { run, json } = await scanJson(dir);
    expect(run.code).toBe(0);
    expect(json.errors).toEqual([]);
    const messages = json.warnings.map((w: any) => `${w.location.file}:${w.location.line} ${w.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Chart.yaml:1 document 1 has no kind/),
        expect.stringMatching(/^misc.yaml:1 ConfigMap has no metadata.name/),
        expect.stringMatching(/^misc.yaml:\d+ document 3 has no apiVersion and kind/),
        expect.stringMatching(/^misc.yaml:\d+ document 4 is not a mapping/),
      ]),
    );
    expect(json.summary.resources).toBe(3);
  });

  it('the parser never throws on arbitrary text and positions stay inside the text (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        const { documents, problems } = parseYamlStream(text);
        const lines = text.split('\n').length + 1;
        for (const d of documents) expect(d.line).toBeLessThanOrEqual(lines);
        for (const p of problems) expect(p.line).toBeLessThanOrEqual(lines);
      }),
      { numRuns: 2000 },
    );
  });

  it('the loader never throws on arbitrary YAML-ish documents (property)', () => {
    const token = fc.constantFrom(
      'apiVersion: v1',
      'kind: Pod',
      'kind: List',
      'items:',
      '- ',
      '  ',
      'metadata:',
      'name: x',
      '---',
      '{',
      '}',
      '[',
      ']',
      '&a',
      '*a',
      '<<: *a',
      '"',
      "'",
      '|',
      '>',
      ':',
      '#',
      '\n',
      'yes',
      '0755',
      '!!int',
      '\t',
    );
    fc.assert(
      fc.property(fc.array(token, { maxLength: 60 }), (parts) => {
        const r = inventoryFromYaml(parts.join(''));
        expect(Array.isArray(r.inventory.resources)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });
});
