/**
 * Conformance with the reference analyzer (np-guard/netpol-analyzer): every scenario of
 * ../shared/conformance/netpol with an expected connlist output, in every format it has,
 * and every expected diff, run through the CLI entry point with --profile np-guard.
 * The output must be byte-identical (the reference files lack the final newline that
 * some formats print; that one character is the only normalisation).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CliIO } from '../src/cli/io.js';
import { main } from '../src/cli/main.js';

const ROOT = resolve(__dirname, '../../shared/conformance/netpol');
const present = existsSync(join(ROOT, 'expected'));
if (!present) console.warn(`netpol conformance: ${ROOT} not found; the conformance tests are skipped`);

async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
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
    env: {},
    cwd: join(ROOT, 'tests'),
    isTTY: false,
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

const strip = (s: string) => (s.endsWith('\n') ? s.slice(0, -1) : s);

interface Case {
  scenario: string;
  format: string;
  file: string;
}
const connlistCases: Case[] = [];
const diffCases: Array<{ a: string; b: string; file: string }> = [];
const explainCases: Case[] = [];
if (present) {
  for (const f of readdirSync(join(ROOT, 'expected/connlist')).sort()) {
    const m = /^(.+)_connlist_output\.(txt|json|csv|md|dot)$/.exec(f);
    if (m) connlistCases.push({ scenario: m[1]!, format: m[2]!, file: join(ROOT, 'expected/connlist', f) });
    const e = /^(.+)_explain_output\.txt$/.exec(f);
    if (e) explainCases.push({ scenario: e[1]!, format: 'txt', file: join(ROOT, 'expected/connlist', f) });
  }
  for (const f of readdirSync(join(ROOT, 'expected/diff')).sort()) {
    const m = /^diff_between_(.+)_and_(.+)\.txt$/.exec(f);
    // diff_between_<B>_and_<A>: A is the first input, B the second.
    if (m) diffCases.push({ a: m[2]!, b: m[1]!, file: join(ROOT, 'expected/diff', f) });
  }
}

const results = {
  connlist: new Map<string, string[]>(),
  failed: [] as string[],
  diff: 0,
  diffTotal: 0,
  explain: [] as string[],
};

describe.skipIf(!present)('netpol connlist conformance (np-guard profile)', () => {
  it('finds the scenarios', () => {
    expect(connlistCases.length).toBeGreaterThan(100);
  });
  for (const c of connlistCases) {
    it(`${c.scenario} -o ${c.format}`, async () => {
      const r = await run(['netpol', 'connlist', c.scenario, '--profile', 'np-guard', '-o', c.format, '-q']);
      expect(r.code).toBe(0);
      const ok = strip(r.stdout) === strip(readFileSync(c.file, 'utf8'));
      const list = results.connlist.get(c.scenario) ?? [];
      if (ok) list.push(c.format);
      else results.failed.push(`${c.scenario}.${c.format}`);
      results.connlist.set(c.scenario, list);
      expect(strip(r.stdout)).toBe(strip(readFileSync(c.file, 'utf8')));
    });
  }
});

describe.skipIf(!present)('netpol diff conformance (np-guard profile)', () => {
  for (const c of diffCases) {
    it(`diff ${c.a} ${c.b}`, async () => {
      results.diffTotal++;
      const r = await run(['netpol', 'diff', c.a, c.b, '--profile', 'np-guard', '-q']);
      expect(r.code).toBe(0);
      expect(strip(r.stdout)).toBe(strip(readFileSync(c.file, 'utf8')));
      results.diff++;
    });
  }
});

describe.skipIf(!present)('netpol connlist --explain conformance (np-guard profile)', () => {
  for (const c of explainCases) {
    it(`${c.scenario} --explain`, async () => {
      const r = await run(['netpol', 'connlist', c.scenario, '--profile', 'np-guard', '--explain', '-q']);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(readFileSync(c.file, 'utf8'));
      results.explain.push(c.scenario);
    });
  }
});

afterAll(() => {
  if (!present) return;
  const identical = [...results.connlist.values()].reduce((n, l) => n + l.length, 0);
  const lines = [...results.connlist.entries()].map(([s, fs]) => `  ${s}: ${fs.join(' ') || '-'}`);
  console.log(
    `netpol conformance: connlist ${identical}/${connlistCases.length} outputs identical over ${results.connlist.size} scenarios; diff ${results.diff}/${diffCases.length} identical; explain ${results.explain.length}/${explainCases.length} identical\n${lines.join('\n')}${results.failed.length ? `\n  FAILED: ${results.failed.join(', ')}` : ''}`,
  );
});
