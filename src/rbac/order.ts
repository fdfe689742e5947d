/**
 * String order for every sorted output of the RBAC analyses: by UTF-16 code unit, as
 * Go's sort.Strings, so output is the same in every locale — and no ICU collator is
 * started (String.prototype.localeCompare costs ~50 ms on first use, a who-can budget).
 */
export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
