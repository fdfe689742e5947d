import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { ParallelParse } from '../input/parallel-parse.js';

/** What a command may touch of the outside world; tests pass their own. */
export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  readStdin: () => Promise<Uint8Array>;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  /** stdout is a terminal (colours, widths). */
  isTTY: boolean;
  /** Parse workers for large inputs; absent: parse on the main thread only. */
  parallelParse?: ParallelParse;
}

/** At most this many parse workers: more cores than that are memory, not speed, on a 2-core CI runner. */
const MAX_PARSE_WORKERS = 3;

/**
 * Parse workers beside the main thread: one per further core (KZT_JOBS=N caps the threads
 * used to N; KZT_JOBS=1 parses on the main thread only). None when the worker bundle is
 * not beside this file (running from source).
 */
export function parallelParseFor(
  env: Readonly<Record<string, string | undefined>>,
  here: string,
): ParallelParse | undefined {
  const script = new URL('./parse-worker.mjs', here);
  if (script.protocol !== 'file:' || !existsSync(fileURLToPath(script))) return undefined;
  const jobs = Number.parseInt(env.KZT_JOBS ?? '', 10);
  const threads = Number.isInteger(jobs) && jobs > 0 ? jobs : availableParallelism();
  const workers = Math.min(threads - 1, MAX_PARSE_WORKERS);
  return workers > 0 ? { script, workers } : undefined;
}

export function processIO(): CliIO {
  return {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const c of process.stdin) chunks.push(c as Buffer);
      return Buffer.concat(chunks);
    },
    env: process.env,
    cwd: process.cwd(),
    isTTY: Boolean(process.stdout.isTTY),
    parallelParse: parallelParseFor(process.env, import.meta.url),
  };
}

/** Colour only on a terminal and never with NO_COLOR (https://no-color.org). */
export function useColour(io: CliIO): boolean {
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  if (io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== '0') return true;
  return io.isTTY;
}
