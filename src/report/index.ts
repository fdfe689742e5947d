/**
 * Report formats of `kzt scan`. One formatter per file; each is a pure function of the
 * scan result.
 */
import type { ScanResult } from '../engine/types.js';
import { formatJson } from './json.js';

export interface ReportContext {
  /** ANSI colours allowed (a terminal, no NO_COLOR). */
  colour: boolean;
  /** Terminal width for the table, when known. */
  width?: number;
  /** Directory report paths are relative to (SARIF artifact URIs). */
  cwd: string;
}

export type Formatter = (result: ScanResult, ctx: ReportContext) => string;

export const FORMATS: Record<string, Formatter> = {
  json: formatJson,
};
