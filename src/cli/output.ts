import { closeSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { resolve } from 'node:path';
import { CHUNK_CHARS } from '../report/stream.js';
import type { CliIO } from './io.js';

/**
 * Small chunks are joined up to this size before each write; a larger buffer would be a
 * large-object string that only a full garbage collection frees (see report/stream.ts).
 */
const WRITE_BUFFER = CHUNK_CHARS;

/**
 * Writes a report to --output-file or stdout, ending it with a newline. A report given
 * as chunks is written as it is produced, so its full text never sits in memory.
 */
export function emit(io: CliIO, report: string | Iterable<string>, outputFile?: string): void {
  if (typeof report === 'string') {
    const body = report.endsWith('\n') ? report : `${report}\n`;
    if (outputFile) writeFileSync(resolve(io.cwd, outputFile), body);
    else io.stdout(body);
    return;
  }
  const fd = outputFile ? openSync(resolve(io.cwd, outputFile), 'w') : undefined;
  const write = (text: string) => {
    if (fd === undefined) io.stdout(text);
    else writeSync(fd, text);
  };
  try {
    let pending: string[] = [];
    let size = 0;
    let last = '';
    for (const chunk of report) {
      if (chunk === '') continue;
      last = chunk;
      if (size === 0 && chunk.length >= WRITE_BUFFER) {
        write(chunk); // already large: joining would only copy it
        continue;
      }
      pending.push(chunk);
      size += chunk.length;
      if (size >= WRITE_BUFFER) {
        write(pending.join(''));
        pending = [];
        size = 0;
      }
    }
    if (!last.endsWith('\n')) pending.push('\n');
    if (pending.length) write(pending.join(''));
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
