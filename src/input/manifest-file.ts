/**
 * One manifest file, read and parsed: the unit of work of loading, done on the main
 * thread or in a parse worker (parse-worker.ts). Never throws for bad input: a file that
 * cannot be read, is too large, binary or not UTF-8 becomes an issue naming the file.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { decodeManifestBytes } from './decode.js';
import type { InputIssue } from './issues.js';
import { type ParsedDocument, type ParseProblem, parseYamlStream } from './parse-yaml.js';

export type FileOutcome =
  | { ok: true; documents: ParsedDocument[]; problems: ParseProblem[] }
  | { ok: false; issue: InputIssue };

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

/** Decodes and parses manifest bytes; `file` is the name shown in reports. */
export function parseManifestBytes(file: string, bytes: Uint8Array): FileOutcome {
  const decoded = decodeManifestBytes(bytes);
  if (!decoded.ok)
    return {
      ok: false,
      issue: { severity: 'error', code: decoded.code, message: decoded.message, location: { file } },
    };
  return { ok: true, ...parseYamlStream(decoded.text) };
}

/** Reads and parses the manifest file at `path`; `file` is the name shown in reports. */
export function parseManifestFile(path: string, file: string, maxFileSize: number): FileOutcome {
  try {
    const bytes = readBounded(path, maxFileSize);
    if (typeof bytes === 'number') {
      return {
        ok: false,
        issue: {
          severity: 'error',
          code: 'too-large',
          message: `file is ${(bytes / 1048576).toFixed(0)} MiB, over the ${(maxFileSize / 1048576).toFixed(0)} MiB limit (--max-file-size); skipped`,
          location: { file },
        },
      };
    }
    return parseManifestBytes(file, bytes);
  } catch (err) {
    return {
      ok: false,
      issue: {
        severity: 'error',
        code: 'unreadable',
        message: `cannot read file: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
        location: { file },
      },
    };
  }
}
