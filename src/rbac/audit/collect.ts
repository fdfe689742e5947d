/**
 * Reads audit logs into the one structure every audit analysis works from: for each
 * identity (username + groups), each distinct request it made (RequestAttributes)
 * with how often it was allowed, denied or undetermined.
 *
 * Memory grows with the number of distinct (identity, request) pairs only, never with
 * the number of events: events are streamed, validated, reduced and dropped one by one
 * (see source.ts, json-stream.ts, stages.ts for the bounded buffers on the way).
 */
import type { RequestAttributes, UserInfo } from '../request.js';
import type { SubjectRef } from '../subjects.js';
import { type AuditEvent, parseAuditEvent } from './event.js';
import { JsonValueStream } from './json-stream.js';
import { requestKey, requestOf } from './normalize.js';
import { type Outcome, outcomeOf } from './outcome.js';
import type { AuditProblem, AuditProblemCode } from './problems.js';
import { type AuditFormat, type AuditSource, readSourceBytes } from './source.js';
import { RequestStages, type StageCounts } from './stages.js';
import { effectiveUser, impersonationChecks, refusedImpersonation, userMatchesSubject } from './subject.js';

export interface RequestUsage {
  readonly request: RequestAttributes;
  allowed: number;
  denied: number;
  undetermined: number;
}

export interface IdentityUsage {
  readonly user: UserInfo;
  /** requestKey → usage */
  readonly requests: Map<string, RequestUsage>;
}

export interface FileSummary {
  name: string;
  format?: AuditFormat;
  /** Bytes read (compressed size for gzip). */
  bytes: number;
  lines: number;
  /** Valid audit events read from it. */
  events: number;
}

export interface AuditCounts {
  /** Valid audit events read. */
  events: number;
  /** JSON values that were not valid audit events. */
  invalidEvents: number;
  /** Requests, each counted once (see stages.ts). */
  requests: number;
  stages: StageCounts;
  outcomes: Record<Outcome, number>;
  /** Requests without a user (401: authentication failed), which no role can fix. */
  unauthenticated: number;
  /** Requests made through impersonation (each also grants the impersonator its checks). */
  impersonated: number;
  /** 403s of the impersonation filter, read as the refused impersonate check. */
  refusedImpersonations: number;
  /** Requests by identities that --subject did not select. */
  notSelected: number;
}

export interface AuditCollection {
  /** identity key → usage; the key is the username and groups. */
  identities: Map<string, IdentityUsage>;
  files: FileSummary[];
  counts: AuditCounts;
  /** Earliest and latest event timestamps (requestReceivedTimestamp), as written in the log. */
  window?: { from: string; to: string };
  /** Every error, and the first MAX_PROBLEMS warnings. */
  problems: AuditProblem[];
  problemCounts: Partial<Record<AuditProblemCode, number>>;
  problemCount: number;
  /** Problems of severity error (a file could not be read, or only partly). */
  errorCount: number;
}

export interface CollectOptions {
  /** Keep only the requests of these subjects (a Group selects its members' requests). */
  subjects?: readonly SubjectRef[];
  /** Requests waiting for their final stage, at most (default 50,000). */
  pendingLimit?: number;
}

export const MAX_PROBLEMS = 1000;

export class AuditCollector {
  readonly identities = new Map<string, IdentityUsage>();
  private readonly byName = new Map<string, IdentityUsage[]>();
  readonly files: FileSummary[] = [];
  readonly problems: AuditProblem[] = [];
  readonly problemCounts: Partial<Record<AuditProblemCode, number>> = {};
  problemCount = 0;
  errorCount = 0;
  private events = 0;
  private invalidEvents = 0;
  private readonly outcomes: Record<Outcome, number> = { allowed: 0, denied: 0, undetermined: 0 };
  private unauthenticated = 0;
  private impersonated = 0;
  private refusedImpersonations = 0;
  private notSelected = 0;
  private from: { ms: number; text: string } | undefined;
  private to: { ms: number; text: string } | undefined;
  private readonly stages: RequestStages<AuditEvent>;
  private readonly subjects: readonly SubjectRef[] | undefined;

  constructor(options: CollectOptions = {}) {
    this.subjects = options.subjects && options.subjects.length > 0 ? options.subjects : undefined;
    this.stages = new RequestStages<AuditEvent>((e) => this.request(e), options.pendingLimit);
  }

  problem = (p: AuditProblem): void => {
    this.problemCount++;
    if (p.severity === 'error') this.errorCount++;
    this.problemCounts[p.code] = (this.problemCounts[p.code] ?? 0) + 1;
    // File-level errors are few and always kept; warnings up to the cap.
    if (this.problems.length < MAX_PROBLEMS || p.severity === 'error') this.problems.push(p);
  };

  /** Reads one log to the end. */
  async read(source: AuditSource): Promise<void> {
    const summary: FileSummary = { name: source.name, bytes: 0, lines: 0, events: 0 };
    this.files.push(summary);
    const stream = new JsonValueStream(
      source.name,
      (value, pos) => {
        const parsed = parseAuditEvent(value);
        if (!parsed.ok) {
          this.invalidEvents++;
          this.problem({
            severity: 'warning',
            code: 'wrong-shape',
            file: pos.file,
            line: pos.line,
            offset: pos.offset,
            ...(pos.item !== undefined ? { item: pos.item } : {}),
            message: parsed.message,
          });
          return;
        }
        summary.events++;
        this.event(parsed.event);
      },
      this.problem,
    );
    const stats = await readSourceBytes(
      source,
      (chunk) => stream.push(chunk),
      () => stream.end(),
      this.problem,
      () => stream.lines,
    );
    if (stats.format) summary.format = stats.format;
    summary.bytes = stats.bytesIn;
    summary.lines = stream.lines;
  }

  /** One valid event (any stage). */
  event(e: AuditEvent): void {
    this.events++;
    if (e.timestamp) this.observeTime(e.timestamp);
    this.stages.event(e.auditID, e.stage, e);
  }

  private observeTime(ts: string): void {
    const ms = Date.parse(ts);
    if (Number.isNaN(ms)) return;
    if (!this.from || ms < this.from.ms) this.from = { ms, text: ts };
    if (!this.to || ms > this.to.ms) this.to = { ms, text: ts };
  }

  /** One request (its final stage, or the latest stage seen). */
  private request(e: AuditEvent): void {
    const user = effectiveUser(e);
    if (user.name === '' || e.user.username === '') {
      this.unauthenticated++;
      return;
    }
    const outcome = outcomeOf(e);
    this.outcomes[outcome]++;
    const refused = refusedImpersonation(e);
    if (refused) {
      this.refusedImpersonations++;
      this.record({ name: e.user.username, groups: e.user.groups }, refused, 'denied');
      return;
    }
    this.record(user, requestOf(e), outcome);
    if (e.impersonatedUser) {
      this.impersonated++;
      const real: UserInfo = { name: e.user.username, groups: e.user.groups };
      for (const check of impersonationChecks(e.impersonatedUser)) this.record(real, check, 'allowed');
    }
  }

  private record(user: UserInfo, req: RequestAttributes, outcome: Outcome): void {
    if (this.subjects && !this.subjects.some((s) => userMatchesSubject(user, s))) {
      this.notSelected++;
      return;
    }
    const identity = this.identityOf(user);
    const key = requestKey(req);
    let usage = identity.requests.get(key);
    if (!usage) {
      usage = { request: req, allowed: 0, denied: 0, undetermined: 0 };
      identity.requests.set(key, usage);
    }
    usage[outcome]++;
  }

  /**
   * The identity for a username and groups. Looked up by name, then by comparing the
   * group lists, without building a key string per event (a user has one or two group
   * lists in practice).
   */
  private identityOf(user: UserInfo): IdentityUsage {
    let list = this.byName.get(user.name);
    if (!list) {
      list = [];
      this.byName.set(user.name, list);
    }
    for (const id of list) if (sameList(id.user.groups, user.groups)) return id;
    const identity: IdentityUsage = {
      user: { name: user.name, groups: [...user.groups] },
      requests: new Map(),
    };
    list.push(identity);
    this.identities.set(
      user.groups.length === 0 ? user.name : `${user.name}\0${user.groups.join('\0')}`,
      identity,
    );
    return identity;
  }

  finish(): AuditCollection {
    this.stages.finish();
    const c = this.stages.counts;
    return {
      identities: this.identities,
      files: this.files,
      counts: {
        events: this.events,
        invalidEvents: this.invalidEvents,
        requests: c.complete + c.incomplete,
        stages: { ...c },
        outcomes: { ...this.outcomes },
        unauthenticated: this.unauthenticated,
        impersonated: this.impersonated,
        refusedImpersonations: this.refusedImpersonations,
        notSelected: this.notSelected,
      },
      ...(this.from && this.to ? { window: { from: this.from.text, to: this.to.text } } : {}),
      problems: this.problems,
      problemCounts: this.problemCounts,
      problemCount: this.problemCount,
      errorCount: this.errorCount,
    };
  }
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Reads every log, in order, into one collection. */
export async function collectAuditLogs(
  sources: readonly AuditSource[],
  options: CollectOptions = {},
): Promise<AuditCollection> {
  const collector = new AuditCollector(options);
  for (const s of sources) await collector.read(s);
  return collector.finish();
}
