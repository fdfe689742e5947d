/**
 * Reads manifests from files, directories (recursively), stdin (`-`) and Kustomize
 * directories, and builds the Inventory. Every problem is collected with its location;
 * one bad file or document never stops the others.
 */
import { execFile } from 'node:child_process';
import { closeSync, fstatSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Inventory } from '../model/inventory.js';
import { decodeManifestBytes } from './decode.js';
import { applyDefaults } from './defaults.js';
import type { InputIssue } from './issues.js';
import { ResourceBuilder } from './objects.js';
import { type ParseProblem, parseYamlStream } from './parse-yaml.js';

export interface LoadOptions {
  /** Files larger than this are refused (bytes). Default 256 MiB. */
  maxFileSize?: number;
  /** Render directories that hold a kustomization file with `kubectl kustomize` (default true). */
  kustomize?: boolean;
  /** Reads stdin for the `-` path. */
  readStdin?: () => Promise<Uint8Array>;
  /** Renders a Kustomize directory; defaults to running `kubectl kustomize DIR`. */
  renderKustomize?: (dir: string) => Promise<string>;
  /** Base for the file names shown in reports (default: the current directory). */
  cwd?: string;
}

export interface LoadResult {
  inventory: Inventory;
  /** File-level errors and warnings (unreadable, binary, skipped documents, ...). */
  issues: InputIssue[];
  /** Document-level problems, with file names: they become ZT-IN-* findings. */
  documentProblems: Array<ParseProblem & { file: string }>;
  /** Number of files read. */
  files: number;
}

const MANIFEST_EXT = /\.(ya?ml|json)$/i;
const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];
const SKIP_DIRS = new Set(['node_modules']);
const DEFAULT_MAX_FILE = 256 * 1024 * 1024;

export function kubectlKustomize(dir: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      'kubectl',
      ['kustomize', dir],
      { maxBuffer: 1024 * 1024 * 1024, timeout: 120_000, encoding: 'utf8' },
      (err, stdout, stderr) => {
        if (err) {
          const code = (err as NodeJS.ErrnoException).code;
          if (code === 'ENOENT') {
            reject(
              new Error(
                `${dir} holds a kustomization file and rendering it needs kubectl on PATH; install kubectl, or pipe the rendered output: kubectl kustomize ${dir} | kzt scan -`,
              ),
            );
          } else {
            const detail = String(stderr || err.message)
              .trim()
              .split('\n')[0];
            reject(new Error(`kubectl kustomize ${dir} failed: ${detail}`));
          }
          return;
        }
        resolve(stdout);
      },
    );
  });
}

function hasKustomization(dir: string): string | undefined {
  for (const f of KUSTOMIZATION_FILES) {
    try {
      if (statSync(join(dir, f)).isFile()) return f;
    } catch {
      /* absent */
    }
  }
  return undefined;
}

type Source = { kind: 'file'; path: string } | { kind: 'stdin' } | { kind: 'kustomize'; dir: string };

/** Expands paths into sources in a stable order; directories are walked recursively. */
function expand(paths: readonly string[], useKustomize: boolean, issues: InputIssue[]): Source[] {
  const out: Source[] = [];
  const walk = (dir: string, top: boolean): void => {
    if (useKustomize && hasKustomization(dir)) {
      out.push({ kind: 'kustomize', dir });
      return;
    }
    let entries: import('node:fs').Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (err) {
      issues.push({
        severity: 'error',
        code: 'unreadable',
        message: `cannot read directory: ${(err as Error).message}`,
        location: { file: dir },
      });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const p = join(dir, e.name);
      // Dotfiles (.kzt.yaml, .github/, .gitlab-ci.yml) are configuration, not manifests.
      if (e.name.startsWith('.')) continue;
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name)) walk(p, false);
      } else if (e.isFile() && MANIFEST_EXT.test(e.name)) {
        out.push({ kind: 'file', path: p });
      }
    }
    void top;
  };
  for (const p of paths) {
    if (p === '-') {
      out.push({ kind: 'stdin' });
      continue;
    }
    let st: import('node:fs').Stats;
    try {
      st = statSync(p);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      issues.push({
        severity: 'error',
        code: code === 'ENOENT' ? 'not-found' : 'unreadable',
        message: code === 'ENOENT' ? 'no such file or directory' : `cannot read: ${(err as Error).message}`,
        location: { file: p },
      });
      continue;
    }
    if (st.isDirectory()) walk(p, true);
    else out.push({ kind: 'file', path: p });
  }
  return out;
}

/**
 * Reads a whole file with one open/fstat/read sequence (no separate stat), refusing
 * files over the limit before reading them. Returns the size when over the limit.
 */
function readBounded(path: string, limit: number): Uint8Array | number {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    if (size > limit) return size;
    // Pipes and pseudo-files (/dev/stdin, /proc) report size 0: read them to the end.
    if (size === 0) {
      const chunks: Buffer[] = [];
      let total = 0;
      for (;;) {
        const chunk = Buffer.allocUnsafe(65536);
        const n = readSync(fd, chunk, 0, chunk.length, null);
        if (n === 0) break;
        total += n;
        if (total > limit) return total;
        chunks.push(chunk.subarray(0, n));
      }
      return Buffer.concat(chunks);
    }
    const buf = Buffer.allocUnsafe(size);
    let off = 0;
    while (off < size) {
      const n = readSync(fd, buf, off, size - off, off);
      if (n === 0) break;
      off += n;
    }
    return off === size ? buf : buf.subarray(0, off);
  } finally {
    closeSync(fd);
  }
}

/** Loads manifests into an Inventory. Never throws for bad input. */
export async function loadManifests(
  paths: readonly string[],
  options: LoadOptions = {},
): Promise<LoadResult> {
  const issues: InputIssue[] = [];
  const documentProblems: LoadResult['documentProblems'] = [];
  const builder = new ResourceBuilder();
  const maxFileSize = options.maxFileSize ?? DEFAULT_MAX_FILE;
  const cwd = options.cwd ?? process.cwd();
  const display = (p: string) => {
    const rel = relative(cwd, p);
    return rel === '' ? p : rel.startsWith('..') ? p : rel;
  };
  let files = 0;

  const addText = (file: string, text: string) => {
    const { documents, problems } = parseYamlStream(text);
    for (const pr of problems) documentProblems.push({ ...pr, file });
    for (const d of documents) builder.addDocument(file, d);
  };
  const addBytes = (file: string, bytes: Uint8Array) => {
    const decoded = decodeManifestBytes(bytes);
    if (!decoded.ok) {
      issues.push({ severity: 'error', code: decoded.code, message: decoded.message, location: { file } });
      return;
    }
    addText(file, decoded.text);
  };

  for (const src of expand(paths, options.kustomize ?? true, issues)) {
    files++;
    if (src.kind === 'stdin') {
      if (!options.readStdin) {
        issues.push({
          severity: 'error',
          code: 'unreadable',
          message: 'stdin is not available',
          location: { file: '-' },
        });
        continue;
      }
      try {
        addBytes('<stdin>', await options.readStdin());
      } catch (err) {
        issues.push({
          severity: 'error',
          code: 'unreadable',
          message: `cannot read stdin: ${(err as Error).message}`,
          location: { file: '<stdin>' },
        });
      }
      continue;
    }
    if (src.kind === 'kustomize') {
      const render = options.renderKustomize ?? kubectlKustomize;
      try {
        addText(`${display(src.dir)} (kustomize)`, await render(src.dir));
      } catch (err) {
        issues.push({
          severity: 'error',
          code: 'kustomize',
          message: (err as Error).message,
          location: { file: display(src.dir) },
        });
      }
      continue;
    }
    const file = display(src.path);
    try {
      const bytes = readBounded(src.path, maxFileSize);
      if (typeof bytes === 'number') {
        issues.push({
          severity: 'error',
          code: 'too-large',
          message: `file is ${(bytes / 1048576).toFixed(0)} MiB, over the ${(maxFileSize / 1048576).toFixed(0)} MiB limit (--max-file-size); skipped`,
          location: { file },
        });
        continue;
      }
      addBytes(file, bytes);
    } catch (err) {
      issues.push({
        severity: 'error',
        code: 'unreadable',
        message: `cannot read file: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
        location: { file },
      });
    }
  }
  issues.push(...builder.issues);
  applyDefaults(builder.resources);
  return { inventory: new Inventory(builder.resources), issues, documentProblems, files };
}

/** Builds an inventory from in-memory YAML (tests, the webhook, examples in check docs). */
export function inventoryFromYaml(text: string, file = 'inline.yaml'): LoadResult {
  const builder = new ResourceBuilder();
  const { documents, problems } = parseYamlStream(text);
  for (const d of documents) builder.addDocument(file, d);
  applyDefaults(builder.resources);
  return {
    inventory: new Inventory(builder.resources),
    issues: [...builder.issues],
    documentProblems: problems.map((p) => ({ ...p, file })),
    files: 1,
  };
}
