import type { Check, CheckMeta } from './types.js';

const ID = /^ZT-(ID|NET|EDGE|ENC|MON|WL|IN)-\d{3}$/;
const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/**
 * Declares a check. Validates the metadata at load time so a malformed check fails
 * the test suite, not a user's scan.
 */
export function defineCheck<C extends Check>(check: C): C {
  const m: CheckMeta = check.meta;
  const problems: string[] = [];
  if (!ID.test(m.id)) problems.push(`id ${m.id} must match ZT-<AREA>-<NNN>`);
  if (!SLUG.test(m.slug)) problems.push(`slug ${m.slug} must be kebab-case`);
  if (!m.title || !m.description || !m.remediation)
    problems.push('title, description and remediation are required');
  if (problems.length) throw new Error(`check ${m.id}: ${problems.join('; ')}`);
  return check;
}
