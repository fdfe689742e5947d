/**
 * Bytes to text, the way a careful reader must: binary files and text that is not
 * UTF-8 are refused with the position of the first bad byte, never half-read.
 */
export type DecodeResult =
  | { ok: true; text: string }
  | { ok: false; code: 'binary' | 'encoding'; message: string };

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** 1-based line of a byte offset. */
function lineOfByte(buf: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < buf.length; i++) if (buf[i] === 0x0a) line++;
  return line;
}

/** Offset of the first byte that is not part of a valid UTF-8 sequence. */
export function firstInvalidUtf8(buf: Uint8Array): number {
  let i = 0;
  const n = buf.length;
  while (i < n) {
    const b = buf[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else return i;
    let cp = b & (need === 1 ? 0x1f : need === 2 ? 0x0f : 0x07);
    for (let k = 1; k <= need; k++) {
      const c = buf[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

export function decodeManifestBytes(buf: Uint8Array): DecodeResult {
  if (buf.length >= 2 && ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff))) {
    return {
      ok: false,
      code: 'encoding',
      message: 'the file is UTF-16 encoded; Kubernetes manifests must be UTF-8',
    };
  }
  const nul = buf.indexOf(0);
  if (nul !== -1) {
    return {
      ok: false,
      code: 'binary',
      message: `binary file (NUL byte at offset ${nul}, line ${lineOfByte(buf, nul)}); not a manifest`,
    };
  }
  try {
    return { ok: true, text: utf8.decode(buf) };
  } catch {
    const at = firstInvalidUtf8(buf);
    return {
      ok: false,
      code: 'encoding',
      message: `not valid UTF-8 (first invalid byte at offset ${at}, line ${lineOfByte(buf, Math.max(at, 0))}); Kubernetes manifests must be UTF-8`,
    };
  }
}
