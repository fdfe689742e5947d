import { createHash } from 'node:crypto';
import { groupOf } from '../model/kinds.js';
import type { ObjectRef } from '../model/types.js';

/**
 * A finding's identity across scans: the check, the object (group, kind, namespace,
 * name; not the version, which migrations change) and the path. Line numbers are
 * deliberately left out so a baseline survives edits above the finding.
 */
export function fingerprint(checkId: string, ref: ObjectRef | null, path: string, extra = ''): string {
  const who = ref ? `${groupOf(ref.apiVersion)}/${ref.kind}/${ref.namespace ?? ''}/${ref.name}` : '';
  return createHash('sha1').update(`${checkId}\0${who}\0${path}\0${extra}`).digest('hex').slice(0, 20);
}
