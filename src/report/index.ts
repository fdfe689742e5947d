/**
 * Report formats of `kzt scan`. One formatter per file; each is a pure function of the
 * scan result (and of this context).
 */
import type { ScanResult, Severity } from '../engine/types.js';
import { formatHtml } from './html.js';
import { streamJson } from './json.js';
import { formatJunit } from './junit.js';
import { formatPolicyReport } from './policyreport.js';
import { formatSarif } from './sarif.js';
import { formatTable } from './table.js';

export interface ReportContext {
  /** ANSI colours allowed (a terminal, no NO_COLOR). */
  colour: boolean;
  /** Terminal width for the table, when known (default 80). */
  width?: number;
  /** Directory report paths are relative to (SARIF artifact URIs). */
  cwd: string;
  /** The --fail-on threshold, which the table's closing line explains (default high). */
  failOn?: Severity | 'none';
  /** When the report is made (PolicyReport timestamps); default now. */
  now?: Date;
}

/** A report as one string, or as chunks for formats that grow with the number of findings. */
export type Formatter = (result: ScanResult, ctx: ReportContext) => string | Iterable<string>;

/** Keyed by the `-o` value; the first is the default of `kzt scan`. */
export const FORMATS: Record<string, Formatter> = {
  table: formatTable,
  json: streamJson,
  sarif: formatSarif,
  junit: formatJunit,
  policyreport: formatPolicyReport,
  html: formatHtml,
};
