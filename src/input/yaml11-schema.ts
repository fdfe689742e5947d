/**
 * YAML scalar resolution exactly as Kubernetes reads manifests.
 *
 * kubectl and the API server decode YAML with sigs.k8s.io/yaml, which uses a fork of
 * go-yaml v2: YAML 1.1 booleans (`yes`, `on`, `y`...), Go's ParseInt with base 0 for
 * integers (`0755` is octal, `0x1f` hex, `0b101` binary, underscores ignored), a
 * narrow float syntax, and timestamps left as strings when decoding into JSON. This
 * module reproduces go-yaml v2's `resolve()` for plain (unquoted) scalars, so
 * `hostNetwork: yes` is `true` here exactly as it is in the cluster.
 */
import yaml from 'js-yaml';

const BOOL_NULL_FLOAT: ReadonlyMap<string, unknown> = new Map<string, unknown>([
  ...['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON'].map((s) => [s, true] as const),
  ...['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF'].map(
    (s) => [s, false] as const,
  ),
  ...['', '~', 'null', 'Null', 'NULL'].map((s) => [s, null] as const),
  ...['.nan', '.NaN', '.NAN'].map((s) => [s, Number.NaN] as const),
  ...['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF'].map((s) => [s, Number.POSITIVE_INFINITY] as const),
  ...['-.inf', '-.Inf', '-.INF'].map((s) => [s, Number.NEGATIVE_INFINITY] as const),
]);

/** go-yaml v2's yamlStyleFloat. */
const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
/** Go's strconv.ParseFloat decimal syntax without underscores (used for the '.' hint). */
const GO_DECIMAL_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
/**
 * go-yaml v2's timestamp formats. A plain timestamp resolves to a time but is decoded
 * into JSON as its original string, and no timestamp could parse as a number, so it
 * only matters for an explicit `!!timestamp` tag.
 */
const TIMESTAMP =
  /^\d{4}-\d{1,2}-\d{1,2}(?:(?:[Tt]|[ \t]+)\d{1,2}:\d{2}:\d{2}(?:\.\d*)?(?:[ \t]*(?:Z|[-+]\d{1,2}(?::?\d{2})?))?)?$/;

const INT64_MAX = 2n ** 63n - 1n;
const INT64_MIN = -(2n ** 63n);
const UINT64_MAX = 2n ** 64n - 1n;

/**
 * Go's strconv.ParseInt(s, 0, 64) (falling back to ParseUint), returning a JS number,
 * or undefined when Go would fail. Underscores have already been removed by the caller.
 */
function goParseInt(s: string): number | undefined {
  let i = 0;
  let negative = false;
  if (s[0] === '+' || s[0] === '-') {
    negative = s[0] === '-';
    i = 1;
  }
  let body = s.slice(i);
  let base = 10;
  if (body.length >= 2 && body[0] === '0') {
    const p = body[1]!;
    if (p === 'x' || p === 'X') {
      base = 16;
      body = body.slice(2);
    } else if (p === 'o' || p === 'O') {
      base = 8;
      body = body.slice(2);
    } else if (p === 'b' || p === 'B') {
      base = 2;
      body = body.slice(2);
    } else {
      base = 8;
      body = body.slice(1);
    }
  }
  if (body === '') return undefined;
  const digits =
    base === 16 ? /^[0-9a-fA-F]+$/ : base === 8 ? /^[0-7]+$/ : base === 2 ? /^[01]+$/ : /^[0-9]+$/;
  if (!digits.test(body)) return undefined;
  const prefix = base === 16 ? '0x' : base === 8 ? '0o' : base === 2 ? '0b' : '';
  let v = BigInt(prefix + body);
  if (negative) v = -v;
  if (v > UINT64_MAX || v < INT64_MIN) return undefined;
  if (v > INT64_MAX && negative) return undefined;
  return Number(v);
}

/** Sentinel for "this plain scalar stays a string". */
const STRING = Symbol('string');

/** go-yaml v2 resolve() for a plain scalar. */
export function resolvePlainScalar(s: string): unknown {
  const c = s.length === 0 ? 'N' : s[0]!;
  // resolveTable hint: only these first characters can produce a non-string.
  const isDigit = c >= '0' && c <= '9';
  const hint =
    c === 'N'
      ? 'M'
      : isDigit || c === '+' || c === '-'
        ? 'D'
        : c === '.'
          ? '.'
          : 'yYnNtTfFoO~'.includes(c)
            ? 'M'
            : '';
  if (hint === '') return STRING;
  if (BOOL_NULL_FLOAT.has(s)) return BOOL_NULL_FLOAT.get(s);
  if (hint === 'M') return STRING;
  if (hint === '.') {
    return GO_DECIMAL_FLOAT.test(s) ? Number.parseFloat(s) : STRING;
  }
  const plain = s.replaceAll('_', '');
  const int = goParseInt(plain);
  if (int !== undefined) return int;
  if (YAML_STYLE_FLOAT.test(plain)) return Number.parseFloat(plain);
  // go-yaml v2 also accepts "0b"/"-0b" binary through its own branch; goParseInt covered it.
  return STRING;
}

let lastResolved: unknown;

/** One implicit type that resolves every plain scalar at once (faster than one type per tag). */
const k8sScalar = new yaml.Type('tag:kzt.io,2026:k8s-scalar', {
  kind: 'scalar',
  resolve(data: unknown) {
    if (typeof data !== 'string') return false;
    const v = resolvePlainScalar(data);
    if (v === STRING) return false;
    lastResolved = v;
    return true;
  },
  construct() {
    return lastResolved;
  },
});

/** `!!null` (an empty plain value already arrives as null from js-yaml). */
const nullType = new yaml.Type('tag:yaml.org,2002:null', {
  kind: 'scalar',
  resolve: (data: unknown) =>
    data === null || data === '' || data === '~' || /^(null|Null|NULL)$/.test(String(data)),
  construct: () => null,
  predicate: (o: unknown) => o === null,
  represent: { canonical: () => '~' },
  defaultStyle: 'canonical',
});

/** Explicit tags (`!!bool yes`, `!!int "0755"`, ...) resolve like go-yaml v2 does. */
function explicit(tag: string, test: (v: unknown) => boolean): yaml.Type {
  return new yaml.Type(`tag:yaml.org,2002:${tag}`, {
    kind: 'scalar',
    resolve(data: unknown) {
      const v = typeof data === 'string' ? resolvePlainScalar(data) : data;
      if (v === STRING || !test(v)) return false;
      lastResolved = v;
      return true;
    },
    construct: () => lastResolved,
  });
}

/** Timestamps are kept as the original string, as sigs.k8s.io/yaml does. */
const timestampType = new yaml.Type('tag:yaml.org,2002:timestamp', {
  kind: 'scalar',
  resolve: (data: unknown) => typeof data === 'string' && TIMESTAMP.test(data),
  construct: (data: string) => data,
});

/** `<<` merge keys are YAML 1.1 and go-yaml v2 honours them; js-yaml ships the type. */
const mergeType = (
  yaml.DEFAULT_SCHEMA as unknown as { compiledImplicit: Array<yaml.Type & { tag: string }> }
).compiledImplicit.find((t) => t.tag === 'tag:yaml.org,2002:merge')!;

export const K8S_YAML_SCHEMA = yaml.FAILSAFE_SCHEMA.extend({
  implicit: [mergeType, k8sScalar],
  explicit: [
    nullType,
    explicit('bool', (v) => typeof v === 'boolean'),
    explicit('int', (v) => typeof v === 'number' && Number.isInteger(v)),
    explicit('float', (v) => typeof v === 'number'),
    timestampType,
  ],
});
