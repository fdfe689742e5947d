/**
 * Entry of a parse worker (bundled as dist/parse-worker.mjs). It takes file indices from
 * a counter shared with the main thread and its other workers, parses those files, and
 * posts the outcomes in batches with the positions recorded for them (positions.ts:
 * a structured clone keeps object identity within one message, not symbol properties).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { type FileOutcome, parseManifestFile } from './manifest-file.js';
import { recordPositions, takePositions } from './positions.js';

export interface ParseWorkerData {
  paths: string[];
  files: string[];
  maxFileSize: number;
  /** Int32 at 0: the next file index to take. */
  counter: SharedArrayBuffer;
}

export type ParseWorkerMessage =
  | { kind: 'batch'; outcomes: Array<[number, FileOutcome]>; positions: ReturnType<typeof takePositions> }
  | { kind: 'done' };

/** Files per message: small enough to keep the worker's heap small, large enough to amortise a post. */
const BATCH_FILES = 32;

function run(port: NonNullable<typeof parentPort>, data: ParseWorkerData): void {
  const next = new Int32Array(data.counter);
  recordPositions();
  let outcomes: Array<[number, FileOutcome]> = [];
  const flush = () => {
    if (outcomes.length === 0) return;
    const msg: ParseWorkerMessage = { kind: 'batch', outcomes, positions: takePositions() };
    port.postMessage(msg);
    outcomes = [];
  };
  for (let i = Atomics.add(next, 0, 1); i < data.paths.length; i = Atomics.add(next, 0, 1)) {
    outcomes.push([i, parseManifestFile(data.paths[i]!, data.files[i]!, data.maxFileSize)]);
    if (outcomes.length >= BATCH_FILES) flush();
  }
  flush();
  port.postMessage({ kind: 'done' } satisfies ParseWorkerMessage);
}

if (parentPort && (workerData as { kztParseWorker?: boolean } | undefined)?.kztParseWorker)
  run(parentPort, workerData as ParseWorkerData);
