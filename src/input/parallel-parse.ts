/**
 * Parses many manifest files on every core: the main thread and N parse workers take
 * file indices from one shared counter, so a slow file never leaves a core idle, and the
 * main thread receives the workers' batches between its own files. Outcomes are handed to
 * `consume` in file order as soon as every earlier file's is there (so the main thread
 * builds the inventory while workers still parse), and the inventory is the same as a
 * sequential load's.
 *
 * A worker that fails (out of memory on a huge file, a crash) loses nothing: every file
 * without an outcome when the workers are gone is parsed on the main thread.
 */
import { Worker } from 'node:worker_threads';
import { type FileOutcome, parseManifestFile } from './manifest-file.js';
import type { ParseWorkerData, ParseWorkerMessage } from './parse-worker.js';
import { attachPositions } from './positions.js';

export interface ParallelParse {
  /** The bundled parse worker (dist/parse-worker.mjs). */
  script: URL;
  /** Workers besides the main thread. */
  workers: number;
  /** false: the main thread takes no file itself, only the workers' batches (tests the workers' path). */
  mainThreadParses?: boolean;
}

/** A worker's heap holds a batch at a time; this bounds it when a single file is huge. */
const WORKER_HEAP_MIB = 512;
/** The main thread lets queued worker batches in after this many of its own files. */
const YIELD_EVERY = 16;

export async function parseFilesInParallel(
  jobs: ReadonlyArray<{ path: string; file: string }>,
  maxFileSize: number,
  parallel: ParallelParse,
  consume: (index: number, outcome: FileOutcome) => void,
): Promise<void> {
  const outcomes: Array<FileOutcome | undefined> = new Array(jobs.length);
  let consumed = 0;
  const drain = () => {
    for (let o = outcomes[consumed]; o !== undefined; o = outcomes[consumed]) {
      outcomes[consumed] = undefined;
      consume(consumed++, o);
    }
  };
  let consumeError: { err: unknown } | undefined;
  const counter = new SharedArrayBuffer(4);
  const next = new Int32Array(counter);
  const data: ParseWorkerData & { kztParseWorker: true } = {
    kztParseWorker: true,
    paths: jobs.map((j) => j.path),
    files: jobs.map((j) => j.file),
    maxFileSize,
    counter,
  };
  const workers: Worker[] = [];
  const finished: Promise<void>[] = [];
  for (let w = 0; w < parallel.workers; w++) {
    let worker: Worker;
    try {
      worker = new Worker(parallel.script, {
        workerData: data,
        resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MIB },
        stdout: true,
        stderr: true,
      });
    } catch {
      break; // no worker: the main thread parses everything
    }
    workers.push(worker);
    finished.push(
      new Promise<void>((resolve) => {
        worker.on('message', (msg: ParseWorkerMessage) => {
          if (msg.kind === 'done') return resolve();
          attachPositions(msg.positions);
          for (const [i, outcome] of msg.outcomes) outcomes[i] = outcome;
          // An error of `consume` here would be uncaught: keep it for the caller.
          try {
            drain();
          } catch (err) {
            consumeError ??= { err };
          }
        });
        worker.on('error', () => resolve());
        worker.on('exit', () => resolve());
      }),
    );
  }
  try {
    let own = 0;
    const mainParses = parallel.mainThreadParses !== false || workers.length === 0;
    for (
      let i = mainParses ? Atomics.add(next, 0, 1) : jobs.length;
      i < jobs.length;
      i = Atomics.add(next, 0, 1)
    ) {
      outcomes[i] = parseManifestFile(jobs[i]!.path, jobs[i]!.file, maxFileSize);
      drain();
      if (++own % YIELD_EVERY === 0 && workers.length > 0) await new Promise((r) => setImmediate(r));
    }
    await Promise.all(finished);
    if (consumeError) throw consumeError.err;
  } finally {
    for (const w of workers) void w.terminate();
  }
  // Files a failed worker had taken but not sent.
  while (consumed < jobs.length) {
    outcomes[consumed] ??= parseManifestFile(jobs[consumed]!.path, jobs[consumed]!.file, maxFileSize);
    drain();
  }
}
