/**
 * `npm run docs`: writes what is generated from code, so it can never disagree with it.
 *
 * - docs/checks/<ID>.md, one page per check, and docs/checks/README.md, the index by
 *   pillar with the framework and peer-tool cross-references (from check metadata);
 * - schema/kzt-config.schema.json, the JSON Schema of `.kzt.yaml` (from the zod schema),
 *   for editors (`# yaml-language-server: $schema=...`);
 * - schema/kzt-scan-report.schema.json, the JSON Schema of `kzt scan -o json`.
 *
 * `npm run docs -- --check` writes nothing and exits 1 when a file is stale;
 * test/docs.test.ts does the same in the test suite.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ALL_CHECKS } from '../src/checks/index.js';
import { configJsonSchema } from '../src/engine/config.js';
import type { Check } from '../src/engine/types.js';
import { catalogueIndexMarkdown, checkPageMarkdown } from '../src/report/catalogue.js';
import { scanReportJsonSchema } from '../src/report/json-schema.js';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const CHECK_DOCS_DIR = 'docs/checks';

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** Every generated file, by path relative to the repository root. */
export function generatedFiles(checks: readonly Check[] = ALL_CHECKS): Map<string, string> {
  const files = new Map<string, string>();
  for (const c of checks) files.set(`${CHECK_DOCS_DIR}/${c.meta.id}.md`, checkPageMarkdown(c));
  files.set(`${CHECK_DOCS_DIR}/README.md`, catalogueIndexMarkdown(checks));
  files.set('schema/kzt-config.schema.json', json(configJsonSchema()));
  files.set('schema/kzt-scan-report.schema.json', json(scanReportJsonSchema()));
  return files;
}

function read(path: string): string | undefined {
  try {
    return readFileSync(join(ROOT, path), 'utf8');
  } catch {
    return undefined;
  }
}

/** Files that differ from what would be generated, and generated-looking files that should not exist. */
export function staleFiles(files: Map<string, string> = generatedFiles()): {
  changed: string[];
  extra: string[];
} {
  const changed = [...files].filter(([path, content]) => read(path) !== content).map(([path]) => path);
  let existing: string[] = [];
  try {
    existing = readdirSync(join(ROOT, CHECK_DOCS_DIR)).filter((f) => f.endsWith('.md'));
  } catch {
    /* not generated yet */
  }
  const extra = existing.map((f) => `${CHECK_DOCS_DIR}/${f}`).filter((p) => !files.has(p));
  return { changed, extra };
}

function main(argv: readonly string[]): number {
  const files = generatedFiles();
  const { changed, extra } = staleFiles(files);
  if (argv.includes('--check')) {
    for (const p of changed) process.stderr.write(`stale: ${p}\n`);
    for (const p of extra) process.stderr.write(`no longer generated: ${p}\n`);
    if (changed.length + extra.length > 0) {
      process.stderr.write('run npm run docs and commit the result\n');
      return 1;
    }
    return 0;
  }
  for (const p of changed) {
    mkdirSync(dirname(join(ROOT, p)), { recursive: true });
    writeFileSync(join(ROOT, p), files.get(p)!);
    process.stdout.write(`wrote ${p}\n`);
  }
  for (const p of extra) {
    rmSync(join(ROOT, p));
    process.stdout.write(`removed ${p} (no such check)\n`);
  }
  if (changed.length + extra.length === 0) process.stdout.write('generated files are up to date\n');
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.exitCode = main(process.argv.slice(2));
}
