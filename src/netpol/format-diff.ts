/**
 * Connectivity diffs in the reference analyzer's notation (txt), and as JSON, CSV and
 * Markdown tables with the same fields.
 */
import type { ConnectivityDiff, DiffEntry } from './diff.js';

export const DIFF_FORMATS = ['txt', 'json', 'csv', 'md'] as const;
export type DiffFormat = (typeof DIFF_FORMATS)[number];

function txtLine(e: DiffEntry): string {
  const base = `diff-type: ${e.type}, source: ${e.src}, destination: ${e.dst}, ref1: ${e.ref1}, ref2: ${e.ref2}`;
  return e.workloadsInfo ? `${base}, workloads-diff-info: ${e.workloadsInfo}` : base;
}

/** "Connectivity diff:" then one line per difference; nothing at all when there is none. */
export function formatDiffTxt(diff: ConnectivityDiff): string {
  if (diff.entries.length === 0) return '';
  return `Connectivity diff:\n${diff.entries.map(txtLine).join('\n')}\n`;
}

function record(e: DiffEntry): Record<string, string> {
  return {
    'diff-type': e.type,
    source: e.src,
    destination: e.dst,
    ref1: e.ref1,
    ref2: e.ref2,
    'workloads-diff-info': e.workloadsInfo ?? '',
  };
}

export function formatDiffJson(diff: ConnectivityDiff): string {
  return JSON.stringify(diff.entries.map(record), null, 2);
}

const HEADER = ['diff-type', 'source', 'destination', 'ref1', 'ref2', 'workloads-diff-info'];

function csvField(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function formatDiffCsv(diff: ConnectivityDiff): string {
  let out = `${HEADER.join(',')}\n`;
  for (const e of diff.entries) out += `${Object.values(record(e)).map(csvField).join(',')}\n`;
  return out;
}

export function formatDiffMd(diff: ConnectivityDiff): string {
  let out = `| ${HEADER.join(' | ')} |\n|${HEADER.map((h) => '-'.repeat(h.length + 2)).join('|')}|\n`;
  for (const e of diff.entries) out += `| ${Object.values(record(e)).join(' | ')} |\n`;
  return out;
}

export function formatDiff(diff: ConnectivityDiff, format: DiffFormat): string {
  switch (format) {
    case 'txt':
      return formatDiffTxt(diff);
    case 'json':
      return formatDiffJson(diff);
    case 'csv':
      return formatDiffCsv(diff);
    case 'md':
      return formatDiffMd(diff);
  }
}
