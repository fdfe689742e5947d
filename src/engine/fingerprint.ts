import { groupOf } from '../model/kinds.js';
import type { ObjectRef } from '../model/types.js';

/**
 * cyrb53 (a public-domain 53-bit string hash by bryc): not cryptographic — a
 * fingerprint only has to be stable and collision-resistant among one project's
 * findings — and an order of magnitude cheaper than SHA-1 at 100k+ findings.
 * Fed piece by piece, so a fingerprint's text is never built as one string.
 */
class Cyrb53 {
  private h1 = 0xdeadbeef;
  private h2 = 0x41c6ce57;

  add(text: string): this {
    let h1 = this.h1;
    let h2 = this.h2;
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      h1 = Math.imul(h1 ^ ch, 2654435761);
      h2 = Math.imul(h2 ^ ch, 1597334677);
    }
    this.h1 = h1;
    this.h2 = h2;
    return this;
  }

  digest(): string {
    let h1 = this.h1;
    let h2 = this.h2;
    h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
    h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
    h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
    h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    return ((h2 >>> 0) & 0x1fffff).toString(16).padStart(6, '0') + (h1 >>> 0).toString(16).padStart(8, '0');
  }
}

/**
 * A finding's identity across scans: the check, the object (group, kind, namespace,
 * name; not the version, which migrations change), the path and a check-supplied key.
 * Line numbers are deliberately left out so a baseline survives edits above the finding.
 * The hash of `${checkId}\0${group}/${kind}/${namespace}/${name}\0${path}\0${extra}`
 * (the object part empty for a finding about no object); baselines depend on it staying so.
 */
export function fingerprint(checkId: string, ref: ObjectRef | null, path: string, extra = ''): string {
  const h = new Cyrb53().add(checkId).add('\0');
  if (ref)
    h.add(groupOf(ref.apiVersion))
      .add('/')
      .add(ref.kind)
      .add('/')
      .add(ref.namespace ?? '')
      .add('/')
      .add(ref.name);
  return h.add('\0').add(path).add('\0').add(extra).digest();
}
