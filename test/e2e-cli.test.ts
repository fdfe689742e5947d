/**
 * End-to-end: the bundled CLI (dist/kzt.mjs) as users run it, in a real process.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const BIN = 'dist/kzt.mjs';

function kzt(args: string[], opts: { input?: string; env?: Record<string, string>; cwd?: string } = {}) {
  const r = spawnSync(process.execPath, [join(process.cwd(), BIN), ...args], {
    input: opts.input,
    encoding: 'utf8',
    cwd: opts.cwd ?? process.cwd(),
    env: { PATH: process.env.PATH ?? '', ...opts.env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const hasKubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;

beforeAll(() => {
  if (!existsSync(BIN)) execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
});

describe('kzt CLI end to end', () => {
  it('prints its version and help', () => {
    expect(kzt(['--version']).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const help = kzt(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/scan \[options\] \[paths\.\.\.\]/);
  });

  it('scans the bundled example app to JSON with every object located', () => {
    const r = kzt(['scan', 'examples/shop', '-o', 'json', '--fail-on', 'none']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.schemaVersion).toBe(1);
    expect(json.summary.resources).toBe(20);
    expect(json.errors).toEqual([]);
    for (const f of json.findings) expect(f.location.file).toMatch(/^examples\/shop\/\d\d-[a-z-]+\.yaml$/);
  });

  it("applies the scanned directory's .kzt.yaml: its exclusion suppresses, with the reason, and still lists", () => {
    const json = JSON.parse(kzt(['scan', 'examples/shop', '-o', 'json', '--fail-on', 'none']).stdout);
    const suppressed = json.findings.filter((f: any) => f.suppressed);
    expect(suppressed.length).toBeGreaterThan(0);
    for (const f of suppressed) {
      expect(f.resource).toMatchObject({ kind: 'CronJob', name: 'image-cleanup' });
      expect(f.checkId).toMatch(/^ZT-WL-/);
      expect(f.suppression).toMatchObject({
        by: 'config',
        expires: '2027-03-31',
        reason: expect.stringMatching(/^Node maintenance job/),
      });
    }
    expect(json.summary.suppressed).toBe(suppressed.length);
  });

  it('reads stdin for -', () => {
    const pod =
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: piped\nspec:\n  containers:\n    - name: c\n      image: nginx:1.27\n';
    const r = kzt(['scan', '-', '-o', 'json', '--fail-on', 'none'], { input: pod });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).summary.resources).toBe(1);
  });

  it('usage errors are one line, exit 2, no stack trace', () => {
    const r = kzt(['scan', 'examples/shop', '-o', 'nonsense']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/error: option '-o, --output <format>' argument 'nonsense' is invalid/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const bad = kzt(['scan']);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('an invalid configuration file is a one-line error naming the file and the field', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kzt-e2e-'));
    writeFileSync(join(dir, '.kzt.yaml'), 'pss:\n  level: strict\n');
    writeFileSync(join(dir, 'pod.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n');
    const r = kzt(['scan', '.'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\.kzt\.yaml: invalid configuration: pss\.level: /);
  });

  it('colour only on request, never with NO_COLOR', () => {
    const plain = kzt(['scan', 'examples/shop', '--fail-on', 'none']);
    expect(plain.stdout).not.toMatch(/\x1b\[/);
    const forced = kzt(['scan', 'examples/shop', '--fail-on', 'none'], { env: { FORCE_COLOR: '1' } });
    expect(forced.stdout).toMatch(/\x1b\[/);
    const denied = kzt(['scan', 'examples/shop', '--fail-on', 'none'], {
      env: { FORCE_COLOR: '1', NO_COLOR: '1' },
    });
    expect(denied.stdout).not.toMatch(/\x1b\[/);
  });

  it.skipIf(!hasKubectl)(
    'renders a kustomization with the real kubectl (skipped when kubectl is not installed)',
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'kzt-kust-'));
      mkdirSync(join(dir, 'base'));
      writeFileSync(
        join(dir, 'base', 'kustomization.yaml'),
        'namespace: rendered\nresources:\n  - cm.yaml\nnamePrefix: pre-\n',
      );
      writeFileSync(
        join(dir, 'base', 'cm.yaml'),
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\ndata:\n  a: b\n',
      );
      const r = kzt(['scan', 'base', '-o', 'json', '--fail-on', 'none'], { cwd: dir });
      expect(r.stderr).toBe('');
      const json = JSON.parse(r.stdout);
      expect(json.errors).toEqual([]);
      expect(json.summary.resources).toBe(1);
    },
  );

  it('a kustomization without kubectl on PATH is a clear error, exit 2', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kzt-kust-'));
    writeFileSync(join(dir, 'kustomization.yaml'), 'resources: []\n');
    const r = kzt(['scan', '.', '-o', 'json'], { cwd: dir, env: { PATH: '/nonexistent' } });
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout).errors[0].message).toMatch(/needs kubectl on PATH/);
  });
});
