import type { SourceLocation } from '../model/types.js';

/**
 * Something about the input that a user must know. File-level problems (a file kzt
 * cannot read) are errors and make the exit code 2; document-level problems (a
 * document that does not parse, a duplicate key) become findings of the input checks
 * (ZT-IN-*), at their position, and the rest is still analysed.
 */
export type InputIssueCode =
  | 'unreadable'
  | 'binary'
  | 'encoding'
  | 'too-large'
  | 'not-found'
  | 'kustomize'
  | 'yaml-syntax'
  | 'duplicate-key'
  | 'too-deep'
  | 'excessive-aliasing'
  | 'not-kubernetes'
  | 'invalid-object';

export interface InputIssue {
  severity: 'error' | 'warning';
  code: InputIssueCode;
  message: string;
  location?: SourceLocation;
}

export function formatIssue(issue: InputIssue): string {
  const loc = issue.location;
  const where = loc
    ? `${loc.file}${loc.line ? `:${loc.line}` : ''}${loc.column ? `:${loc.column}` : ''}: `
    : '';
  return `${where}${issue.severity}: ${issue.message}`;
}
