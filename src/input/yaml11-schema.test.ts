import fc from 'fast-check';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { K8S_YAML_SCHEMA, resolvePlainScalar } from './yaml11-schema.js';

const load = (text: string) => yaml.load(text, { schema: K8S_YAML_SCHEMA });

// Expected values are what go-yaml v2 (sigs.k8s.io/yaml) produces, i.e. what the API server sees.
const CASES: Array<[string, unknown]> = [
  ['yes', true],
  ['Yes', true],
  ['YES', true],
  ['y', true],
  ['Y', true],
  ['on', true],
  ['ON', true],
  ['true', true],
  ['True', true],
  ['no', false],
  ['n', false],
  ['N', false],
  ['off', false],
  ['Off', false],
  ['FALSE', false],
  ['yEs', 'yEs'],
  ['tRue', 'tRue'],
  ['~', null],
  ['null', null],
  ['Null', null],
  ['nULL', 'nULL'],
  ['0755', 493],
  ['0644', 420],
  ['0o17', 15],
  ['0x1F', 31],
  ['0b101', 5],
  ['-0b101', -5],
  ['08', 8],
  ['09.5', 9.5],
  ['1_000', 1000],
  ['+12', 12],
  ['-12', -12],
  ['0', 0],
  ['1e3', 1000],
  ['1.5', 1.5],
  ['.5', 0.5],
  ['1.', 1],
  ['.inf', Number.POSITIVE_INFINITY],
  ['-.Inf', Number.NEGATIVE_INFINITY],
  ['1:20', '1:20'],
  ['2001-12-14', '2001-12-14'],
  ['0x', '0x'],
  ['+', '+'],
  ['_', '_'],
  ['1.2.3', '1.2.3'],
  ['v1', 'v1'],
  ['nginx:1.25', 'nginx:1.25'],
  ['500m', '500m'],
  ['1e', '1e'],
];

describe('YAML 1.1 scalars as Kubernetes reads them', () => {
  it.each(CASES)('plain %s', (text, expected) => {
    const v = load(`v: ${text}`) as { v: unknown };
    if (typeof expected === 'number' && Number.isNaN(expected)) expect(Number.isNaN(v.v)).toBe(true);
    else expect(v.v).toEqual(expected);
  });

  it('.nan is NaN', () => {
    expect(Number.isNaN((load('v: .nan') as { v: number }).v)).toBe(true);
  });

  it('quoted scalars are always strings', () => {
    expect(load(`a: "yes"\nb: '0755'\nc: "null"\nd: '1e3'`)).toEqual({
      a: 'yes',
      b: '0755',
      c: 'null',
      d: '1e3',
    });
  });

  it('explicit tags resolve like go-yaml', () => {
    expect(load(`a: !!bool yes\nb: !!int "0755"\nc: !!str 0755\nd: !!null ~\ne: !!float 1`)).toEqual({
      a: true,
      b: 493,
      c: '0755',
      d: null,
      e: 1,
    });
  });

  it('merge keys work', () => {
    expect(load('base: &b {x: 1}\nderived:\n  <<: *b\n  z: 2')).toEqual({
      base: { x: 1 },
      derived: { x: 1, z: 2 },
    });
  });

  it('keys resolve too, and become strings', () => {
    // go-yaml v2 resolves the key `y` to a boolean too; sigs.k8s.io/yaml then writes it as "true".
    expect(load('yes: 1\n80: http\nn: 3')).toEqual({ true: 1, '80': 'http', false: 3 });
    expect(() => load('yes: 1\ny: 2')).toThrow(/duplicated mapping key/);
  });

  it('decimal integers round-trip exactly (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 53) + 1, max: 2 ** 53 - 1 }), (n) => {
        expect(resolvePlainScalar(String(n))).toBe(n);
      }),
    );
  });

  it('never throws on arbitrary plain text (property)', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const v = resolvePlainScalar(s);
        expect(['symbol', 'boolean', 'number', 'object']).toContain(typeof v);
      }),
    );
  });

  it('strings that start with a letter other than y/n/t/f/o are never converted (property)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-mpqrsuvwxzA-MPQRSUVWXZ][a-zA-Z0-9.:-]*$/), (s) => {
        expect(typeof resolvePlainScalar(s)).toBe('symbol');
      }),
    );
  });
});
