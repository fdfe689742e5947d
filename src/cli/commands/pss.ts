/**
 * `kzt pss [PATH...] [--level baseline|restricted] [--version v1.N|latest] [-o text|json]`:
 * evaluates every Pod and the pod template of every workload kind against the Pod
 * Security Standards, exactly as pod-security-admission does.
 *
 * Without --level, each object is evaluated at the enforce level (and version) of its
 * Namespace's `pod-security.kubernetes.io/enforce` labels when that Namespace is in the
 * input, else at restricted:latest; --version, when given, overrides the label's version.
 * Exit 0 when everything is allowed, 1 when something is denied, 2 on usage or input
 * errors (reported on stderr with their location; the rest is still evaluated).
 */
import { isAbsolute, relative, resolve } from 'node:path';
import type { Command } from '@commander-js/extra-typings';
import { Option } from '@commander-js/extra-typings';
import pc from 'picocolors';
import { loadManifests } from '../../input/load.js';
import type { Inventory } from '../../model/inventory.js';
import {
  formatPath,
  type JsonPath,
  type ObjectRef,
  type Resource,
  refToString,
  type SourceLocation,
} from '../../model/types.js';
import {
  denialMessage,
  effectiveVersion,
  enforcePolicyOf,
  evaluateWorkload,
  InvalidPssPolicyError,
  type PodEvaluation,
  type PssPolicy,
  validatePolicy,
} from '../../pss/index.js';
import { UsageError } from '../errors.js';
import { useColour } from '../io.js';
import type { CommandContext } from '../main.js';

/** One entry of `kzt pss -o json` (DESIGN.md). */
export interface PssJsonEntry {
  resource: ObjectRef;
  location: { file: string; line?: number };
  allowed: boolean;
  violations: Array<{ check: string; reason: string; detail: string }>;
}

/** Where an object's policy came from, for the text output. */
type PolicySource =
  | { kind: 'flag' }
  | { kind: 'namespace'; namespace: string }
  | { kind: 'default'; namespace: string | undefined; why: 'absent' | 'unlabelled' };

interface Evaluated {
  resource: Resource;
  policy: PssPolicy;
  source: PolicySource;
  evaluation: PodEvaluation;
}

interface Options {
  level?: 'baseline' | 'restricted';
  version?: string;
}

/** Input errors found while evaluating, with their location when known. */
export class Problems {
  readonly lines: string[] = [];
  errors = 0;

  add(severity: 'error' | 'warning', message: string, location?: SourceLocation): void {
    if (severity === 'error') this.errors++;
    const where = location
      ? `${location.file}${location.line ? `:${location.line}` : ''}${location.column ? `:${location.column}` : ''}: `
      : '';
    this.lines.push(`${where}${severity}: ${message}`);
  }
}

/** Decides the policy of each object; namespace label errors are reported once per namespace. */
function policyResolver(inventory: Inventory, opts: Options, problems: Problems) {
  const byNamespace = new Map<string, { policy: PssPolicy; source: PolicySource }>();
  const defaultPolicy = (): PssPolicy => ({ level: 'restricted', version: opts.version ?? 'latest' });
  return (resource: Resource): { policy: PssPolicy; source: PolicySource } => {
    if (opts.level)
      return { policy: { level: opts.level, version: opts.version ?? 'latest' }, source: { kind: 'flag' } };
    const namespace = resource.ref.namespace;
    const key = namespace ?? '';
    const cached = byNamespace.get(key);
    if (cached) return cached;
    let resolved: { policy: PssPolicy; source: PolicySource };
    const ns = namespace === undefined ? undefined : inventory.get('', 'Namespace', undefined, namespace);
    if (!ns) {
      resolved = { policy: defaultPolicy(), source: { kind: 'default', namespace, why: 'absent' } };
    } else {
      const enforce = enforcePolicyOf(inventory.namespaceLabels(ns.ref.name));
      for (const e of enforce.errors) {
        problems.add(
          'error',
          `Namespace/${ns.ref.name}: ${e.message}`,
          ns.locate(['metadata', 'labels', e.label]),
        );
      }
      if (enforce.level === undefined) {
        resolved = {
          policy: { level: 'restricted', version: opts.version ?? enforce.version ?? 'latest' },
          source: { kind: 'default', namespace, why: 'unlabelled' },
        };
      } else {
        resolved = {
          policy: { level: enforce.level, version: opts.version ?? enforce.version ?? 'latest' },
          source: { kind: 'namespace', namespace: ns.ref.name },
        };
      }
    }
    byNamespace.set(key, resolved);
    return resolved;
  };
}

/** The first value along `path` that is present but not an object (e.g. `spec: 5`), if any. */
function firstNonObject(root: unknown, path: JsonPath): { path: JsonPath; found: string } | undefined {
  let node: unknown = root;
  for (let i = 0; i < path.length; i++) {
    node = (node as Record<string | number, unknown>)[path[i]!];
    if (node === undefined || node === null) return undefined;
    if (typeof node !== 'object' || Array.isArray(node)) {
      return { path: path.slice(0, i + 1), found: Array.isArray(node) ? 'a list' : `a ${typeof node}` };
    }
  }
  return undefined;
}

/** Evaluates every pod-bearing object of an inventory; input problems go to `problems`. */
export function evaluateInventory(inventory: Inventory, opts: Options, problems: Problems): Evaluated[] {
  const resolve = policyResolver(inventory, opts, problems);
  const out: Evaluated[] = [];
  for (const w of inventory.workloads()) {
    const { policy, source } = resolve(w.resource);
    // workloadOf reads a pod spec or metadata that is not an object as empty: say so.
    const reported = new Set<string>();
    for (const path of [w.podMetadataPath, w.specPath]) {
      const bad = firstNonObject(w.resource.object, path);
      if (bad && !reported.has(formatPath(bad.path))) {
        reported.add(formatPath(bad.path));
        problems.add(
          'error',
          `${refToString(w.resource.ref)}: ${formatPath(bad.path)} must be an object, found ${bad.found}; the API server would reject this object (evaluated as if it were empty)`,
          w.resource.locate(bad.path),
        );
      }
    }
    const evaluation = evaluateWorkload(w, policy);
    for (const p of evaluation.problems) {
      problems.add(
        'error',
        `${refToString(w.resource.ref)}: ${formatPath(p.path)} must be ${p.expected}, found ${p.found}; the API server would reject this object (evaluated as if the field were absent)`,
        w.resource.locate(p.path),
      );
    }
    out.push({ resource: w.resource, policy, source, evaluation });
  }
  return out;
}

export function toJsonEntry(e: Evaluated): PssJsonEntry {
  const origin = e.resource.origin;
  return {
    resource: { ...e.resource.ref },
    location: origin.line === undefined ? { file: origin.file } : { file: origin.file, line: origin.line },
    allowed: e.evaluation.allowed,
    violations: e.evaluation.violations.map((v) => ({ check: v.check, reason: v.reason, detail: v.detail })),
  };
}

function describeSource(s: PolicySource): string {
  switch (s.kind) {
    case 'flag':
      return 'from --level';
    case 'namespace':
      return `from the labels of namespace "${s.namespace}"`;
    case 'default':
      return s.why === 'absent'
        ? `kzt default: namespace "${s.namespace ?? ''}" is not in the input`
        : `kzt default: namespace "${s.namespace ?? ''}" has no enforce label`;
  }
}

/**
 * The admission message: Pods are denied (`violates ...`); for workload templates the API
 * server only warns (`would violate ...`), and the Pods they create are denied.
 */
function messageOf(e: Evaluated): string {
  const m = denialMessage(e.evaluation);
  return e.resource.ref.kind === 'Pod' ? m : `would ${m.replace(/^violates /, 'violate ')}`;
}

export function formatText(results: readonly Evaluated[], colour: boolean): string {
  const c = pc.createColors(colour);
  const lines: string[] = [];
  for (const e of results) {
    const where = `${e.resource.origin.file}${e.resource.origin.line ? `:${e.resource.origin.line}` : ''}`;
    const ref = refToString(e.resource.ref);
    const source = c.dim(`[${describeSource(e.source)}]`);
    if (e.evaluation.allowed) {
      lines.push(
        `${c.green('allowed')}  ${ref}  ${c.dim(where)}  ${e.policy.level}:${e.policy.version} ${source}`,
      );
    } else {
      lines.push(`${c.bold(c.red('denied'))}   ${ref}  ${c.dim(where)}  ${messageOf(e)} ${source}`);
    }
  }
  const denied = results.filter((e) => !e.evaluation.allowed).length;
  const clamped = [...new Set(results.map((e) => e.policy.version))]
    .map((v) => [v, effectiveVersion({ level: 'restricted', version: v })] as const)
    .filter(([v, eff]) => v !== eff)
    .map(([v, eff]) => `${v} = ${eff}`);
  const noun = results.length === 1 ? 'object' : 'objects';
  lines.push(
    `${results.length} pod-bearing ${noun}: ${results.length - denied} allowed, ${denied} denied${clamped.length ? ` (${clamped.join(', ')}, the newest Pod Security Standards version kzt knows)` : ''}`,
  );
  return `${lines.join('\n')}\n`;
}

export function registerPss(program: Command, ctx: CommandContext): void {
  program
    .command('pss')
    .description('evaluate Pod Security Standards exactly as pod-security-admission does')
    .argument('[paths...]', 'files, directories (recursive) or - for stdin')
    .addOption(
      new Option(
        '--level <level>',
        "Pod Security Standards level (default: each namespace's pod-security.kubernetes.io/enforce label, else restricted)",
      ).choices(['baseline', 'restricted'] as const),
    )
    .option(
      '--version <version>',
      'Pod Security Standards version: v1.0 ... v1.N or latest (default: latest)',
    )
    .addOption(
      new Option('-o, --output <format>', 'output format').choices(['text', 'json'] as const).default('text'),
    )
    .option('--max-file-size <MiB>', 'largest manifest file to read', '256')
    .option('--no-kustomize', 'read directories with a kustomization file as plain files')
    .action(async (paths: string[], opts) => {
      const io = ctx.io;
      if (paths.length === 0)
        throw new UsageError('pss needs at least one PATH (a file, a directory, or - for stdin)');
      if (opts.version !== undefined) {
        try {
          validatePolicy({ level: 'restricted', version: opts.version });
        } catch (err) {
          if (err instanceof InvalidPssPolicyError) throw new UsageError(`--version: ${err.message}`);
          throw err;
        }
      }
      const maxMiB = Number(opts.maxFileSize);
      if (!Number.isFinite(maxMiB) || maxMiB <= 0)
        throw new UsageError('--max-file-size must be a positive number of MiB');

      // Paths are relative to the command's working directory (io.cwd), which tests set.
      const absolute = paths.map((p) => (p === '-' ? p : resolve(io.cwd, p)));
      const loaded = await loadManifests(absolute, {
        cwd: io.cwd,
        readStdin: io.readStdin,
        parallel: io.parallelParse,
        maxFileSize: maxMiB * 1024 * 1024,
        kustomize: opts.kustomize,
      });
      const problems = new Problems();
      const shown = (loc: SourceLocation | undefined): SourceLocation | undefined =>
        loc && isAbsolute(loc.file) && !relative(io.cwd, loc.file).startsWith('..')
          ? { ...loc, file: relative(io.cwd, loc.file) }
          : loc;
      for (const issue of loaded.issues) problems.add(issue.severity, issue.message, shown(issue.location));
      for (const p of loaded.documentProblems) {
        problems.add(p.severity, `${p.message} (document ${p.documentIndex + 1})`, {
          file: p.file,
          line: p.line,
          column: p.column,
        });
      }
      const options: Options = {};
      if (opts.level) options.level = opts.level;
      if (opts.version !== undefined) options.version = opts.version;
      const results = evaluateInventory(loaded.inventory, options, problems);

      if (opts.output === 'json') io.stdout(`${JSON.stringify(results.map(toJsonEntry), null, 2)}\n`);
      else io.stdout(formatText(results, useColour(io)));
      for (const line of problems.lines) io.stderr(`kzt: ${line}\n`);

      ctx.setExitCode(problems.errors > 0 ? 2 : results.some((e) => !e.evaluation.allowed) ? 1 : 0);
    });
}
