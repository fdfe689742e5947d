/**
 * Reads manifests from files, directories (recursively), stdin (`-`) and Kustomize
 * directories, and builds the Inventory. Every problem is collected with its location;
 * one bad file or document never stops the others.
 */
import { execFile } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Inventory } from '../model/inventory.js';
import { applyDefaults } from './defaults.js';
import type { InputIssue } from './issues.js';
import { type FileOutcome, parseManifestBytes, parseManifestFile } from './manifest-file.js';
import { ResourceBuilder } from './objects.js';
import { type ParallelParse, parseFilesInParallel } from './parallel-parse.js';
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
  /** Parse files on worker threads too (when there are enough of them to pay off). */
  parallel?: ParallelParse;
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
/** Below this many files, starting workers costs more than it saves. */
const PARALLEL_MIN_FILES = 64;

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

  const addOutcome = (file: string, outcome: FileOutcome) => {
    if (!outcome.ok) {
      issues.push(outcome.issue);
      return;
    }
    for (const pr of outcome.problems) documentProblems.push({ ...pr, file });
    for (const d of outcome.documents) builder.addDocument(file, d);
  };
  const addText = (file: string, text: string) => addOutcome(file, { ok: true, ...parseYamlStream(text) });

  const sources = expand(paths, options.kustomize ?? true, issues);
  // Files parsed ahead on every core, by position in `sources`; added below in order.
  const parsedAhead = new Map<number, FileOutcome>();
  const fileAt: number[] = [];
  sources.forEach((src, i) => {
    if (src.kind === 'file') fileAt.push(i);
  });
  // When every source is a file (the usual large input), outcomes go into the inventory as
  // they arrive, in file order; otherwise they wait for their turn among stdin and Kustomize.
  let loadedAhead = false;
  if (options.parallel && options.parallel.workers > 0 && fileAt.length >= PARALLEL_MIN_FILES) {
    const jobs = fileAt.map((i) => {
      const path = (sources[i] as { path: string }).path;
      return { path, file: display(path) };
    });
    loadedAhead = fileAt.length === sources.length;
    await parseFilesInParallel(jobs, maxFileSize, options.parallel, (j, outcome) => {
      if (loadedAhead) addOutcome(jobs[j]!.file, outcome);
      else parsedAhead.set(fileAt[j]!, outcome);
    });
    if (loadedAhead) files = sources.length;
  }

  for (const [at, src] of (loadedAhead ? [] : sources).entries()) {
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
        addOutcome('<stdin>', parseManifestBytes('<stdin>', await options.readStdin()));
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
    addOutcome(file, parsedAhead.get(at) ?? parseManifestFile(src.path, file, maxFileSize));
    parsedAhead.delete(at);
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
