/**
 * Reports must stay linear in the number of findings: a large estate has 100k of them.
 *
 * Raw timings on a shared 2-core machine are noisy and the garbage collector makes even
 * JSON.stringify superlinear on 100 MB outputs, so each format is compared with a
 * reference that is known to be linear and produces output of the same order of size
 * (JSON.stringify of the findings), at 5k and at 40k findings. A linear formatter keeps
 * the same ratio to the reference at both sizes; a quadratic one's ratio grows ~8×.
 * Absolute times are printed for the record.
 */
import { describe, expect, it } from 'vitest';
import type { ScanResult } from '../../src/engine/types.js';
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

const reference = (r: ScanResult) => JSON.stringify(r.findings, null, 2);

describe('report formatting time', () => {
  const small = bigResult(5_000);
  const large = bigResult(40_000);
  it.each(Object.keys(FORMATS))('%s is linear in the number of findings', (name) => {
    const formatter = FORMATS[name]!;
    // Streaming formats return chunks: consume them, or nothing is measured.
    const format = (r: ScanResult, c: typeof ctx) => {
      const out = formatter(r, c);
      return typeof out === 'string' ? out : [...out].join('');
    };
    format(bigResult(500), ctx); // warm up the JIT
    const fs = best(() => format(small, ctx));
    const rs = best(() => reference(small));
    const fl = best(() => format(large, ctx));
    const rl = best(() => reference(large));
    const growth = fl / rl / (fs / rs);
    process.stdout.write(
      `${name}: 5k findings ${fs.toFixed(0)} ms, 40k findings ${fl.toFixed(0)} ms (growth relative to JSON.stringify ${growth.toFixed(2)})\n`,
    );
    expect(growth, `${name} grows ${growth.toFixed(1)}× faster than a linear reference`).toBeLessThan(4);
    expect(fl).toBeLessThan(60_000);
  });
});
