/**
 * Reports must stay linear in the number of findings: a large estate has 100k of them.
 * Each format is timed at 5k and 40k findings (best of three, to damp a busy machine):
 * 8× the findings take ~8× the time when linear (up to ~20× with the garbage
 * collector working on large strings), ~64× when quadratic. The bound sits between.
 * Absolute times are printed for the record.
 */
import { describe, expect, it } from 'vitest';
import { FORMATS } from '../../src/report/index.js';
import { bigResult } from './fixtures.js';

const ctx = { colour: false, cwd: '/repo', now: new Date(0) };

function best(fn: () => void, runs = 3): number {
  let min = Number.POSITIVE_INFINITY;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    min = Math.min(min, performance.now() - t);
  }
  return min;
}

describe('report formatting time', () => {
  const small = bigResult(5_000);
  const large = bigResult(40_000);
  it.each(Object.keys(FORMATS))('%s is linear in the number of findings', (name) => {
    const format = FORMATS[name]!;
    format(bigResult(500), ctx); // warm up the JIT
    const a = best(() => format(small, ctx));
    const b = best(() => format(large, ctx));
    process.stdout.write(`${name}: 5k findings ${a.toFixed(0)} ms, 40k findings ${b.toFixed(0)} ms\n`);
    expect(b / a, `${name}: 8× the findings took ${(b / a).toFixed(1)}× the time`).toBeLessThan(40);
    expect(b).toBeLessThan(60_000);
  });
});
