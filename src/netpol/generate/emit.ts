/**
 * The generated policies as a YAML stream: a header saying where they come from, then
 * each policy with a comment block that lists the observed connections it allows (with
 * the first flow record of each), so a reviewer can check every rule against evidence.
 * Scalars are quoted where YAML 1.1 (what Kubernetes reads) would turn them into
 * something else (`"yes"`, `"on"`, `"0755"`).
 */
import yaml from 'js-yaml';
import type { Generation } from './generate.js';

export function emitPolicies(gen: Generation, header: readonly string[]): string {
  const parts: string[] = [];
  const head = header.map((l) => `# ${l}`.trimEnd()).join('\n');
  for (const [i, p] of gen.policies.entries()) {
    const comment = p.comment.map((l) => `# ${l}`.trimEnd()).join('\n');
    const body = yaml.dump(p.object, { lineWidth: -1, noRefs: true, sortKeys: false });
    parts.push(`${i === 0 && head ? `${head}\n` : ''}${comment ? `${comment}\n` : ''}${body}`);
  }
  if (parts.length === 0) return head ? `${head}\n` : '';
  return parts.join('---\n');
}
