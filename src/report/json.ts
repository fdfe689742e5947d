import type { ScanResult } from '../engine/types.js';

/**
 * `kzt scan -o json`: the ScanResult as documented in docs/json-output.md.
 * The check catalogue is left out (it is `kzt checks -o json`); findings name their check.
 */
export function formatJson(result: ScanResult): string {
  const { checks: _checks, ...rest } = result;
  return `${JSON.stringify(rest, null, 2)}\n`;
}
