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
 * auditIDs of the last 65,536 counted requests are remembered, to drop a duplicate event (the same line logged twice, overlapping rotated
 * files) or a late earlier stage (files given newest first). Duplicates further apart
 * than the window are counted twice; that changes the request counts of the summary,
 * never the generated roles, which are sets.
 */

/** auditIDs of counted requests remembered to drop repeats (≈ 5 MiB). */
export const RECENT_IDS = 65_536;

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

/**
 * The last `size` IDs remembered, oldest forgotten first. A ring of slots plus a Set:
 * O(1) per ID. (Evicting through `set.values().next()` would be quadratic: V8's ordered
 * hash tables keep deleted entries as holes that every iteration from the start walks.)
 */
class RecentIds {
  private readonly ring: (string | undefined)[];
  private readonly set = new Set<string>();
  private next = 0;

  constructor(private readonly size: number) {
    this.ring = new Array(size);
  }

  has(id: string): boolean {
    return this.set.has(id);
  }

  add(id: string): void {
    if (this.set.has(id)) return;
    const old = this.ring[this.next];
    if (old !== undefined) this.set.delete(old);
    this.ring[this.next] = id;
    this.set.add(id);
    this.next = (this.next + 1) % this.size;
  }
}

export class RequestStages<T> {
  readonly counts: StageCounts = { complete: 0, incomplete: 0, duplicates: 0, unknownStage: 0 };
  /** auditID → the latest early stage seen, with the sequence number of its entry in `order`. */
  private readonly pending = new Map<string, { value: T; rank: number; seq: number }>();
  /** Waiting auditIDs, oldest first; entries whose seq no longer matches are stale and skipped. */
  private order: Array<{ id: string; seq: number }> = [];
  private orderHead = 0;
  private seq = 0;
  private readonly done: RecentIds;

  constructor(
    private readonly onRequest: (value: T, complete: boolean) => void,
    private readonly limit = 50_000,
  ) {
    this.done = new RecentIds(Math.min(limit * 4, RECENT_IDS));
  }

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
      this.done.add(auditID);
      this.final(value);
      return;
    }
    const p = this.pending.get(auditID);
    if (p) {
      // A later early stage replaces an earlier one; its place in the queue stays.
      if (rank >= p.rank) {
        p.value = value;
        p.rank = rank;
      }
      return;
    }
    const seq = this.seq++;
    this.pending.set(auditID, { value, rank, seq });
    this.order.push({ id: auditID, seq });
    if (this.pending.size > this.limit) this.evictOldest();
    else if (this.order.length - this.orderHead > 2 * this.pending.size + 4096) this.compactOrder();
  }

  /** Drops the queue entries of completed requests (amortised O(1) per event): memory stays bounded. */
  private compactOrder(): void {
    const live: Array<{ id: string; seq: number }> = [];
    for (let i = this.orderHead; i < this.order.length; i++) {
      const e = this.order[i]!;
      if (this.pending.get(e.id)?.seq === e.seq) live.push(e);
    }
    this.order = live;
    this.orderHead = 0;
  }

  private evictOldest(): void {
    while (this.orderHead < this.order.length) {
      const { id, seq } = this.order[this.orderHead++]!;
      const p = this.pending.get(id);
      if (!p || p.seq !== seq) continue; // completed since: stale
      this.pending.delete(id);
      this.done.add(id);
      this.counts.incomplete++;
      this.onRequest(p.value, false);
      break;
    }
    // Drop the consumed front now and then, so the queue does not grow with the log.
    if (this.orderHead > 1024 && this.orderHead * 2 > this.order.length) {
      this.order = this.order.slice(this.orderHead);
      this.orderHead = 0;
    }
  }

  /** Counts every request still waiting for its final stage, oldest first. */
  finish(): void {
    const waiting = [...this.pending].sort((a, b) => a[1].seq - b[1].seq);
    for (const [id, { value }] of waiting) {
      this.done.add(id);
      this.counts.incomplete++;
      this.onRequest(value, false);
    }
    this.pending.clear();
    this.order = [];
    this.orderHead = 0;
  }

  private final(value: T): void {
    this.counts.complete++;
    this.onRequest(value, true);
  }
}
