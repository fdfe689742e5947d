/**
 * The bytes of one audit log, decompressed. The format is recognised by its magic
 * bytes, never by the file name: rotated logs are often renamed (`audit.log.1`,
 * `audit-2024-01-01T00-00-00.000.log.gz`, or piped through stdin).
 *
 * gzip is decompressed as a stream, so memory does not grow with the file. A
 * truncated gzip file (a copy cut short) is the case that must not lose data: zlib
 * only hands out the bytes it has flushed, so with the default settings the last
 * ~64 KiB before the cut would be dropped. We decompress with Z_SYNC_FLUSH as the
 * finishing flush, which yields everything that can be decompressed and does not
 * fail at the cut; the cut is then detected from the gzip trailer (CRC-32 and size of
 * the data, the last 8 bytes of a member). When the trailer does not match — a cut,
 * or a file of several gzip members (`cat a.gz b.gz`) whose trailer only covers the
 * last member — a second, strict pass over the file decides which (files only; for
 * stdin we say the end could not be verified).
 */
import { constants, crc32, createGunzip } from 'node:zlib';
import type { ProblemSink } from './problems.js';

export interface AuditSource {
  /** How problems name it: the path as given, or `<stdin>`. */
  name: string;
  /** The raw bytes. Called once, and a second time only when `reopenable` (gzip verification). */
  open(): AsyncIterable<Uint8Array>;
  reopenable: boolean;
}

export type AuditFormat = 'text' | 'gzip';

const OTHER_COMPRESSION: ReadonlyArray<readonly [string, readonly number[]]> = [
  ['zstd', [0x28, 0xb5, 0x2f, 0xfd]],
  ['bzip2', [0x42, 0x5a, 0x68]],
  ['xz', [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]],
  ['zip', [0x50, 0x4b, 0x03, 0x04]],
];

function startsWith(buf: Uint8Array, magic: readonly number[]): boolean {
  if (buf.length < magic.length) return false;
  for (let i = 0; i < magic.length; i++) if (buf[i] !== magic[i]) return false;
  return true;
}

const toBuffer = (c: Uint8Array): Buffer =>
  Buffer.isBuffer(c) ? c : Buffer.from(c.buffer, c.byteOffset, c.byteLength);

export interface ReadStats {
  format?: AuditFormat;
  /** Bytes read from the source (compressed size for gzip). */
  bytesIn: number;
  /** Bytes handed on (decompressed). */
  bytesOut: number;
}

/**
 * Streams the decompressed bytes of `source` to `onBytes` (synchronously, chunk by
 * chunk, so the consumer's pace is the reader's pace). Never throws for bad input:
 * problems go to `report`. `line()` tells which line the consumer has reached, so a
 * gzip problem can say how far the log was read.
 */
export async function readSourceBytes(
  source: AuditSource,
  onBytes: (chunk: Buffer) => void,
  onEnd: () => void,
  report: ProblemSink,
  line: () => number,
): Promise<ReadStats> {
  // The consumer hears of the end before any file-level problem, so problems come in order.
  let ended = false;
  const end = () => {
    if (!ended) onEnd();
    ended = true;
  };
  try {
    return await readBytes(source, onBytes, end, report, line);
  } finally {
    end();
  }
}

async function readBytes(
  source: AuditSource,
  onBytes: (chunk: Buffer) => void,
  end: () => void,
  report: ProblemSink,
  line: () => number,
): Promise<ReadStats> {
  const stats: ReadStats = { bytesIn: 0, bytesOut: 0 };
  const file = source.name;
  let iterator: AsyncIterator<Uint8Array>;
  const head: Buffer[] = [];
  let headLength = 0;
  let exhausted = false;
  try {
    iterator = source.open()[Symbol.asyncIterator]();
    // Enough bytes to recognise every magic number.
    while (headLength < 6) {
      const r = await iterator.next();
      if (r.done) {
        exhausted = true;
        break;
      }
      const b = toBuffer(r.value);
      head.push(b);
      headLength += b.length;
    }
  } catch (err) {
    report({ severity: 'error', code: 'unreadable', file, message: `cannot read: ${errorText(err)}` });
    return stats;
  }
  const first = Buffer.concat(head);
  const rest = async function* (): AsyncGenerator<Buffer> {
    if (first.length > 0) yield first;
    if (exhausted) return;
    for (;;) {
      const r = await iterator.next();
      if (r.done) return;
      yield toBuffer(r.value);
    }
  };

  if (startsWith(first, [0x1f, 0x8b])) {
    stats.format = 'gzip';
    await gunzipStream(source, rest(), onBytes, end, report, line, stats);
    return stats;
  }
  for (const [name, magic] of OTHER_COMPRESSION) {
    if (startsWith(first, magic)) {
      report({
        severity: 'error',
        code: 'unsupported-compression',
        file,
        message: `${name}-compressed data: kzt reads plain and gzip audit logs; decompress it first (or pipe it in with -)`,
      });
      return stats;
    }
  }
  stats.format = 'text';
  let checked = false;
  try {
    for await (const chunk of rest()) {
      stats.bytesIn += chunk.length;
      if (!checked) {
        checked = true;
        // A NUL byte in the first chunk: not text (audit logs are UTF-8 JSON).
        const nul = chunk.subarray(0, 8192).indexOf(0);
        if (nul !== -1) {
          report({
            severity: 'error',
            code: 'binary',
            file,
            offset: nul,
            message: 'binary data, not a JSON audit log (and not gzip)',
          });
          return stats;
        }
      }
      stats.bytesOut += chunk.length;
      onBytes(chunk);
    }
  } catch (err) {
    end();
    report({
      severity: 'error',
      code: 'unreadable',
      file,
      offset: stats.bytesIn,
      message: `read error after ${stats.bytesIn} bytes: ${errorText(err)}; read up to line ${line()}`,
    });
  }
  return stats;
}

async function gunzipStream(
  source: AuditSource,
  chunks: AsyncIterable<Buffer>,
  onBytes: (chunk: Buffer) => void,
  end: () => void,
  report: ProblemSink,
  line: () => number,
  stats: ReadStats,
): Promise<void> {
  const file = source.name;
  const gz = createGunzip({ finishFlush: constants.Z_SYNC_FLUSH, chunkSize: 64 * 1024 });
  let crc = 0;
  let size = 0;
  // The last 8 compressed bytes: the trailer of the last gzip member.
  let tail = Buffer.alloc(0);
  let failure: Error | undefined;
  gz.on('data', (b: Buffer) => {
    crc = crc32(b, crc);
    size += b.length;
    stats.bytesOut += b.length;
    onBytes(b);
  });
  const finished = new Promise<Error | undefined>((resolve) => {
    gz.once('end', () => resolve(undefined));
    gz.once('error', (e) => {
      failure = e;
      resolve(e);
    });
  });
  try {
    for await (const c of chunks) {
      if (failure) break;
      stats.bytesIn += c.length;
      tail = c.length >= 8 ? Buffer.from(c.subarray(c.length - 8)) : Buffer.concat([tail, c]).subarray(-8);
      await Promise.race([new Promise<void>((resolve) => gz.write(c, () => resolve())), finished]);
    }
  } catch (err) {
    gz.destroy();
    end();
    report({
      severity: 'error',
      code: 'unreadable',
      file,
      offset: stats.bytesIn,
      message: `read error after ${stats.bytesIn} compressed bytes: ${errorText(err)}; read up to line ${line()}`,
    });
    return;
  }
  if (!failure) gz.end();
  const err = await finished;
  end();
  if (err) {
    report({
      severity: 'error',
      code: 'corrupt-gzip',
      file,
      offset: gz.bytesWritten,
      message: `corrupt gzip data near compressed byte ${gz.bytesWritten} (${zlibReason(err)}); read up to line ${line()}, the rest of the file is skipped`,
    });
    return;
  }
  if (tail.length === 8 && tail.readUInt32LE(0) === crc >>> 0 && tail.readUInt32LE(4) === size % 2 ** 32)
    return; // one complete member: the common case, verified without a second pass
  if (!source.reopenable) {
    report({
      severity: 'warning',
      code: 'truncated-gzip',
      file,
      offset: stats.bytesIn,
      message: `the gzip trailer does not match the data: the stream is cut short, or made of several gzip members; it cannot be re-read to tell which (read up to line ${line()})`,
    });
    return;
  }
  const verdict = await verifyGzip(source);
  if (verdict)
    report({
      severity: 'error',
      code: verdict.truncated ? 'truncated-gzip' : 'corrupt-gzip',
      file,
      offset: verdict.offset,
      message: verdict.truncated
        ? `truncated gzip: the compressed stream ends early (at byte ${verdict.offset}); read up to line ${line()}, where it is cut`
        : `corrupt gzip data near compressed byte ${verdict.offset} (${verdict.reason}); read up to line ${line()}`,
    });
}

/** A strict pass (default finishing flush: a cut is an error) that discards the output. */
async function verifyGzip(
  source: AuditSource,
): Promise<{ truncated: boolean; offset: number; reason: string } | undefined> {
  const gz = createGunzip({ chunkSize: 64 * 1024 });
  gz.resume();
  const finished = new Promise<Error | undefined>((resolve) => {
    gz.once('end', () => resolve(undefined));
    gz.once('error', (e) => resolve(e));
  });
  let failed = false;
  void finished.then((e) => {
    failed = e !== undefined;
  });
  try {
    for await (const c of source.open()) {
      if (failed) break;
      await Promise.race([new Promise<void>((resolve) => gz.write(c, () => resolve())), finished]);
    }
  } catch (err) {
    gz.destroy();
    return { truncated: false, offset: gz.bytesWritten, reason: errorText(err) };
  }
  if (!failed) gz.end();
  const err = await finished;
  if (!err) return undefined;
  const code = (err as NodeJS.ErrnoException).code;
  return { truncated: code === 'Z_BUF_ERROR', offset: gz.bytesWritten, reason: zlibReason(err) };
}

/** zlib's own words ("incorrect data check", "unexpected end of file"): never data. */
function zlibReason(err: Error): string {
  return err.message.replace(/[^\x20-\x7e]/g, '?').slice(0, 100);
}

const ERRNO_TEXT: Readonly<Record<string, string>> = {
  ENOENT: 'no such file',
  EISDIR: 'is a directory (give the log files)',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
};

function errorText(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e && typeof e.code === 'string' && e.code.startsWith('E')) return ERRNO_TEXT[e.code] ?? e.code;
  return (err instanceof Error ? err.message : String(err)).replace(/[^\x20-\x7e]/g, '?').slice(0, 200);
}
