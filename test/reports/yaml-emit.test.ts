import fc from 'fast-check';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { K8S_YAML_SCHEMA } from '../../src/input/yaml11-schema.js';
import { toWellFormed } from '../../src/report/escape.js';
import { toYamlDocument } from '../../src/report/yaml-emit.js';

const str = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.string(),
  fc.constantFrom('yes', 'on', '0755', '~', 'null', '- x', ': y', '#c', '1e3', '2001-12-14', ''),
);
const keyArb = fc.oneof(
  fc.constantFrom('a', 'on', 'y', 'app.kubernetes.io/name', 'x y', '-k', ''),
  fc.string(),
);
const value = fc.letrec((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    str.map(toWellFormed),
    fc.integer({ min: -1e12, max: 1e12 }),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('v'), { maxLength: 4 }),
    fc.dictionary(keyArb.map(toWellFormed), tie('v'), { maxKeys: 4 }),
  ),
})).v;

describe('yaml writer', () => {
  it('round-trips JSON data through a YAML 1.1 reader and a YAML 1.2 reader (property)', () => {
    fc.assert(
      fc.property(fc.dictionary(keyArb.map(toWellFormed), value, { maxKeys: 5 }), (obj) => {
        const text = toYamlDocument(obj);
        expect(yaml.load(text, { schema: K8S_YAML_SCHEMA }) ?? {}).toEqual(obj);
        expect(yaml.load(text) ?? {}).toEqual(obj);
      }),
      { numRuns: 500 },
    );
  });

  it('writes block style with quoted strings', () => {
    expect(
      toYamlDocument({
        kind: 'PolicyReport',
        summary: { pass: 0 },
        results: [{ policy: 'ZT-WL-003', scored: true }, 'on'],
        e: [],
        o: {},
      }),
    ).toBe(
      'kind: "PolicyReport"\nsummary:\n  pass: 0\nresults:\n  - policy: "ZT-WL-003"\n    scored: true\n  - "on"\ne: []\no: {}\n',
    );
  });

  it('escapes what YAML may not carry raw', () => {
    const text = toYamlDocument({ m: 'a\u0085b\u2028c\uFEFFd\u007F\u0000' });
    expect(text).toBe('m: "a\\u0085b\\u2028c\\uFEFFd\\u007F\\u0000"\n');
    expect(yaml.load(toYamlDocument({ m: 'x\uD800y' }))).toEqual({ m: 'x\uFFFDy' });
  });
});
