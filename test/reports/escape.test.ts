/** Properties of the escaping every report relies on: arbitrary (attacker-controlled) strings. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { htmlEscape, jsonForScript, terminalSafe, toWellFormed } from '../../src/report/escape.js';

/** Any UTF-16 code units, lone surrogates and controls included. */
const units = fc
  .array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 60 })
  .map((a) => String.fromCharCode(...a));
const anyString = fc.oneof(units, fc.string({ unit: 'binary' }), fc.string());

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe('escaping', () => {
  it('toWellFormed leaves no lone surrogate and keeps well-formed strings as they are', () => {
    fc.assert(
      fc.property(anyString, (s) => {
        const w = toWellFormed(s);
        expect(w).not.toMatch(LONE_SURROGATE);
        expect(w.length).toBe(s.length);
        if (!LONE_SURROGATE.test(s)) expect(w).toBe(s);
      }),
    );
    expect(toWellFormed('a\uD83D\uDE00b\uD800')).toBe('a\uD83D\uDE00b\uFFFD');
  });

  it('terminalSafe leaves nothing a terminal acts on, and changes nothing else', () => {
    const unsafe =
      /[\u0000-\u001F\u007F-\u009F\u061C\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069\uFEFF]/;
    fc.assert(
      fc.property(anyString, (s) => {
        const t = terminalSafe(s);
        expect(t).not.toMatch(unsafe);
        expect(t).not.toMatch(LONE_SURROGATE);
        // Reversible for the reader: every escape is \uXXXX of the original unit.
        const back = t.replace(/\\u([0-9A-F]{4})/g, (_m, h: string) =>
          String.fromCharCode(Number.parseInt(h, 16)),
        );
        if (!/\\u[0-9A-F]{4}/.test(s)) expect(back).toBe(toWellFormed(s));
      }),
    );
    expect(terminalSafe('plain name-1.2')).toBe('plain name-1.2');
  });

  it('htmlEscape output contains no markup and decodes back to the string', () => {
    const decode = (h: string) =>
      h.replace(/&(amp|lt|gt|quot|#39);/g, (_m, e: string) =>
        e === 'amp' ? '&' : e === 'lt' ? '<' : e === 'gt' ? '>' : e === 'quot' ? '"' : "'",
      );
    fc.assert(
      fc.property(anyString, (s) => {
        const h = htmlEscape(s);
        expect(h).not.toMatch(/[<>"']/);
        expect(h.replace(/&(amp|lt|gt|quot|#39);/g, '')).not.toContain('&');
        expect(decode(h)).toBe(toWellFormed(s).replace(/\u0000/g, '\uFFFD'));
      }),
    );
  });

  it('jsonForScript cannot close a script element and parses back to the value', () => {
    fc.assert(
      fc.property(anyString, fc.jsonValue(), (s, v) => {
        const j = jsonForScript({ s, v });
        expect(j).not.toMatch(/[<>&\u2028\u2029]/);
        expect(JSON.parse(j)).toEqual(JSON.parse(JSON.stringify({ s, v })));
      }),
    );
  });
});
