import { groupOf } from '../model/kinds.js';
import type { ObjectRef } from '../model/types.js';

/**
 * 64-bit FNV-1a over UTF-16 code units, as two 32-bit halves. Not cryptographic (a
 * fingerprint only has to be stable and collision-resistant among one project's
 * findings) and ~10× cheaper than a SHA hash at 100k findings.
 */
function fnv1a64(text: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0xcbf29ce4;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ (c + i), 0x01000193) ^ (h1 >>> 7);
  }
  return (h1 >>> 0).toString(16).padStart(8, '0') + (h2 >>> 0).toString(16).padStart(8, '0');
}

/**
 * A finding's identity across scans: the check, the object (group, kind, namespace,
 * name; not the version, which migrations change), the path and a check-supplied key.
 * Line numbers are deliberately left out so a baseline survives edits above the finding.
 */
export function fingerprint(checkId: string, ref: ObjectRef | null, path: string, extra = ''): string {
  const who = ref ? `${groupOf(ref.apiVersion)}/${ref.kind}/${ref.namespace ?? ''}/${ref.name}` : '';
  return fnv1a64(`${checkId}\0${who}\0${path}\0${extra}`);
}
