import { groupOf } from '../model/kinds.js';
import type { ObjectRef } from '../model/types.js';

/**
 * cyrb53 (a public-domain 53-bit string hash by bryc): not cryptographic — a
 * fingerprint only has to be stable and collision-resistant among one project's
 * findings — and an order of magnitude cheaper than SHA-1 at 100k+ findings.
 */
function hash53(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return ((h2 >>> 0) & 0x1fffff).toString(16).padStart(6, '0') + (h1 >>> 0).toString(16).padStart(8, '0');
}

/**
 * A finding's identity across scans: the check, the object (group, kind, namespace,
 * name; not the version, which migrations change), the path and a check-supplied key.
 * Line numbers are deliberately left out so a baseline survives edits above the finding.
 */
export function fingerprint(checkId: string, ref: ObjectRef | null, path: string, extra = ''): string {
  const who = ref ? `${groupOf(ref.apiVersion)}/${ref.kind}/${ref.namespace ?? ''}/${ref.name}` : '';
  return hash53(`${checkId}\0${who}\0${path}\0${extra}`);
}
