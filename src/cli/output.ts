import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CliIO } from './io.js';

/** Writes a report to --output-file or stdout. */
export function emit(io: CliIO, text: string, outputFile?: string): void {
  const body = text.endsWith('\n') ? text : `${text}\n`;
  if (outputFile) writeFileSync(resolve(io.cwd, outputFile), body);
  else io.stdout(body);
}
