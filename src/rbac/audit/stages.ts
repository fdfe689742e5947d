/**
 * Count each request once. The API server logs up to four events per request
 * (RequestReceived, ResponseStarted for long-running requests such as watch and
 * exec, ResponseComplete, Panic), all with the same auditID, and policies often omit
 * some stages (`omitStages: [RequestReceived]` is common).
 *
 * - A final stage (ResponseComplete or Panic) is the request. An event without a
 *   stage or without an auditID is taken as the only event of its request.
 * - An earlier stage waits in `pending` for its final stage. A request whose final
 *   stage never comes — a watch still open when the log ends, or a policy that
 *   omits ResponseComplete — is counted at the end with the latest stage seen
 *   (ResponseStarted carries the response code; RequestReceived carries no verdict).
 *
 * Memory stays bounded whatever the log size: `pending` holds at most `limit`
 * requests (the oldest is counted as it is when the limit is reached), and the
 * auditIDs of the last 4 × limit counted requests are remembered, to drop a duplicate event (the same line logged twice, overlapping rotated
 * files) or a late earlier stage (files given newest first). Duplicates further apart
 * than the window are counted twice; that changes the request counts of the summary,
 * never the generated roles, which are sets.
 */

export const FINAL_STAGES = new Set(['ResponseComplete', 'Panic', '']);
const EARLY_RANK: Readonly<Record<string, number>> = { RequestReceived: 0, ResponseStarted: 1 };

export interface StageCounts {
  /** Requests counted from a final stage. */
  complete: number;
  /** Requests counted from an earlier stage (final stage never seen). */
  incomplete: number;
  /** Events dropped as a repeat of a request already counted. */
  duplicates: number;
  /** Events of a stage kzt does not know (counted as final). */
  unknownStage: number;
}

export class RequestStages<T> {
  readonly counts: StageCounts = { complete: 0, incomplete: 0, duplicates: 0, unknownStage: 0 };
  private readonly pending = new Map<string, { value: T; rank: number }>();
  private readonly done = new Set<string>();

  constructor(
    private readonly onRequest: (value: T, complete: boolean) => void,
    private readonly limit = 50_000,
  ) {}

  event(auditID: string, stage: string, value: T): void {
    const rank = EARLY_RANK[stage];
    if (auditID === '') {
      this.final(value);
      return;
    }
    if (this.done.has(auditID)) {
      this.counts.duplicates++;
      return;
    }
    if (rank === undefined) {
      if (!FINAL_STAGES.has(stage)) this.counts.unknownStage++;
      this.pending.delete(auditID);
      this.remember(auditID);
      this.final(value);
      return;
    }
    const p = this.pending.get(auditID);
    if (p && p.rank > rank) return;
    // Re-inserting moves the entry to the end: the oldest waiting request is first.
    if (p) this.pending.delete(auditID);
    this.pending.set(auditID, { value, rank });
    if (this.pending.size > this.limit) {
      const [oldest, entry] = this.pending.entries().next().value as [string, { value: T; rank: number }];
      this.pending.delete(oldest);
      this.remember(oldest);
      this.counts.incomplete++;
      this.onRequest(entry.value, false);
    }
  }

  /** Counts every request still waiting for its final stage. */
  finish(): void {
    for (const [id, { value }] of this.pending) {
      this.remember(id);
      this.counts.incomplete++;
      this.onRequest(value, false);
    }
    this.pending.clear();
  }

  private final(value: T): void {
    this.counts.complete++;
    this.onRequest(value, true);
  }

  private remember(id: string): void {
    this.done.add(id);
    if (this.done.size > this.limit * 4) this.done.delete(this.done.values().next().value as string);
  }
}
