/**
 * Heuristics for credentials written as literal values: by the *name* they are stored
 * under (DB_PASSWORD, apiKey, client-secret) and by the *shape* of the value (PEM
 * private keys, AWS access keys, JWTs, URLs and connection strings with a password,
 * well-known token formats).
 *
 * Built for few false positives:
 * - a name counts only when one of its words is a credential word and its last word is
 *   not a qualifier that makes it metadata about a credential (PASSWORD_FILE, TOKEN_URL,
 *   SECRET_NAME, TOKEN_TTL, PASSWORD_MIN_LENGTH);
 * - a value counts as a literal only when it is non-empty and is not a reference or a
 *   placeholder: Kubernetes `$(VAR)` expansion, `${VAR}`, `{{ template }}`, `<value>`,
 *   `#{token}`, `__TOKEN__`, an absolute file path, a URL without a password, a boolean,
 *   a null word, or an integer of up to six digits (MAX_TOKEN=4096);
 * - value shapes are specific formats, not entropy guesses.
 *
 * Nothing here returns or logs a value: callers get a label ("a PEM private key") to
 * put in a message next to the variable or key name.
 */

const CREDENTIAL_WORDS = new Set([
  'password',
  'passwd',
  'passphrase',
  'secret',
  'token',
  'apikey',
  'credential',
  'credentials',
  'creds',
  'privatekey',
  'htpasswd',
  'bearer',
]);

/** Two-word credential names: the second word after the first (api_key, access-key, private.key). */
const CREDENTIAL_PAIRS = new Set([
  'api key',
  'access key',
  'secret key',
  'private key',
  'signing key',
  'encryption key',
  'master key',
  'account key',
  'client secret',
  'auth key',
  'session key',
  'shared key',
]);

/** A last word that makes the name describe a credential rather than hold one. */
const QUALIFIERS = new Set([
  'file',
  'files',
  'path',
  'paths',
  'dir',
  'directory',
  'location',
  'url',
  'uri',
  'endpoint',
  'host',
  'hostname',
  'port',
  'name',
  'names',
  'id',
  'ref',
  'reference',
  'key',
  'keys',
  'ttl',
  'expiry',
  'expiration',
  'expires',
  'lifetime',
  'timeout',
  'duration',
  'interval',
  'age',
  'length',
  'len',
  'size',
  'min',
  'max',
  'limit',
  'count',
  'type',
  'kind',
  'mode',
  'policy',
  'header',
  'cookie',
  'param',
  'parameter',
  'field',
  'enabled',
  'disabled',
  'enable',
  'required',
  'user',
  'username',
  'algorithm',
  'alg',
  'format',
  'prefix',
  'suffix',
  'version',
  'rotation',
  'issuer',
  'audience',
  'scope',
  'scopes',
  'regex',
  'pattern',
  'env',
  'var',
  'provider',
  'store',
  'backend',
  'namespace',
  'mount',
  'volume',
  'source',
  'label',
  'annotation',
  'strategy',
  'method',
  'retries',
  'attempts',
  'hint',
  'arn',
  'region',
  'bucket',
  'project',
  'manager',
  'service',
  'server',
  'class',
  'level',
  'group',
  'role',
  'flag',
]);

/** One word that ends with a credential word: dbpassword, clientsecret, apitoken, authtoken. */
const CONCATENATED = /^[a-z0-9]+(password|passwd|passphrase|secret|token|apikey|privatekey|credentials)$/;

/** Credential words that count only as the last word (PASS_THROUGH, the shell's PWD=/app). */
const LAST_WORD_ONLY = new Set(['pass', 'pwd']);

/** Splits DB_PASSWORD, dbPassword, db-password, db.password, DBPassword into lower-case words. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '');
}

/**
 * A necessary condition for a credential name: every credential word and pair contains
 * one of these. Lets the common case (LOG_LEVEL, DB_HOST) skip the word split.
 */
const CREDENTIAL_HINT = /pass|pwd|secret|token|key|cred|bearer/i;

/** True when a variable or key name says that it holds a credential. */
export function isCredentialName(name: string): boolean {
  if (!CREDENTIAL_HINT.test(name)) return false;
  const words = nameWords(name);
  if (words.length === 0) return false;
  const last = words[words.length - 1]!;
  if (QUALIFIERS.has(last) && !(last === 'key' && endsWithCredentialPair(words))) return false;
  if (LAST_WORD_ONLY.has(last)) return true;
  for (let i = 0; i < words.length; i++) {
    if (CREDENTIAL_WORDS.has(words[i]!) || CONCATENATED.test(words[i]!)) return true;
    if (i > 0 && CREDENTIAL_PAIRS.has(`${words[i - 1]} ${words[i]}`)) return true;
  }
  return false;
}

function endsWithCredentialPair(words: string[]): boolean {
  return words.length >= 2 && CREDENTIAL_PAIRS.has(`${words[words.length - 2]} ${words[words.length - 1]}`);
}

const BOOLEAN_WORDS = new Set(['true', 'false', 'yes', 'no', 'on', 'off', 'enabled', 'disabled']);
const NULL_WORDS = new Set(['null', 'nil', '~', 'undefined', 'none']);
const PLACEHOLDERS: readonly RegExp[] = [
  /\$\([A-Za-z_][A-Za-z0-9_.-]*\)/, // Kubernetes dependent variable expansion
  /\$\{[^}]*\}/, // shell, envsubst, Terraform, Spring
  /\{\{.*\}\}/, // Helm/Go/Jinja templates left unrendered
  /^<[^<>]*>$/, // <your-password>
  /#\{[^}]*\}/, // Azure DevOps / Octopus token replacement
  /^__[A-Za-z0-9_]+__$/, // __DB_PASSWORD__
  /^\*+$/, // already redacted
  /^x{3,}$/i,
  /^(vault|awssm|gcpsm|azkv|ref\+[a-z0-9]+|secretref|op):/i, // secret-store references
];
const ABSOLUTE_PATH = /^(\/[\w@%+=:,.~-]*)+\/?$/;
const URL_LIKE = /^[a-z][a-z0-9+.-]*:\/\/\S*$/i;

/**
 * True when a value is a literal that could be the credential itself: not empty, not a
 * reference or placeholder, not a file path, not a URL without embedded password, not
 * a boolean or null word, not an empty structure.
 */
export function isLiteralSecretValue(value: string): boolean {
  const v = value.trim();
  if (v === '') return false;
  const lower = v.toLowerCase();
  if (BOOLEAN_WORDS.has(lower) || NULL_WORDS.has(lower)) return false;
  if (v === '[]' || v === '{}' || v === '""' || v === "''") return false;
  if (/^-?\d{1,6}$/.test(v)) return false; // MAX_TOKEN=4096, TOKEN_PORT-like numbers
  if (PLACEHOLDERS.some((re) => re.test(v))) return false;
  if (ABSOLUTE_PATH.test(v)) return false;
  if (URL_LIKE.test(v) && urlPassword(v) === undefined) return false;
  return true;
}

/**
 * True when a value is empty or holds a reference/placeholder to be filled in later
 * (`$(VAR)`, `${VAR}`, `{{ }}`, `<value>`, ...): it is not a secret written in the file.
 */
export function isTemplatedOrEmpty(value: string): boolean {
  const v = value.trim();
  return v === '' || PLACEHOLDERS.some((re) => re.test(v));
}

/** The password of `scheme://user:password@host`, when literal; undefined otherwise. */
function urlPassword(text: string): string | undefined {
  const m = /[a-z][a-z0-9+.-]*:\/\/[^\s:/@]*:([^\s@/]+)@/i.exec(text);
  if (!m) return undefined;
  const pw = m[1]!;
  if (PLACEHOLDERS.some((re) => re.test(pw)) || /^\*+$/.test(pw)) return undefined;
  return pw;
}

interface Shape {
  label: string;
  test(text: string): boolean;
}

const SHAPES: readonly Shape[] = [
  {
    label: 'a PEM private key',
    test: (t) => /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/.test(t),
  },
  {
    label: 'an AWS access key ID',
    test: (t) => /(?<![A-Z0-9])(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}(?![A-Z0-9])/.test(t),
  },
  {
    label: 'a JSON Web Token',
    test: (t) => /(?<![\w-])eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/.test(t),
  },
  { label: 'a URL with an embedded password', test: (t) => urlPassword(t) !== undefined },
  {
    label: 'a connection string with a password',
    test: (t) => {
      const re = /(?:^|;)\s*(?:password|pwd|accountkey|sharedaccesskey)\s*=\s*([^;]*)/gi;
      for (let m = re.exec(t); m !== null; m = re.exec(t)) {
        if (isLiteralSecretValue(m[1]!)) return true;
      }
      return false;
    },
  },
  {
    label: 'a GitHub token',
    test: (t) =>
      /(?<![A-Za-z0-9])(?:gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{82})(?![A-Za-z0-9])/.test(t),
  },
  {
    label: 'a GitLab token',
    test: (t) => /(?<![A-Za-z0-9])glpat-[A-Za-z0-9_-]{20}(?![A-Za-z0-9_-])/.test(t),
  },
  { label: 'a Slack token', test: (t) => /(?<![A-Za-z0-9])xox[abposr]-[A-Za-z0-9-]{10,}/.test(t) },
  {
    label: 'a Google API key',
    test: (t) => /(?<![A-Za-z0-9])AIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])/.test(t),
  },
  { label: 'a Stripe secret key', test: (t) => /(?<![A-Za-z0-9])[rs]k_live_[0-9A-Za-z]{24,}/.test(t) },
  { label: 'an npm token', test: (t) => /(?<![A-Za-z0-9])npm_[A-Za-z0-9]{36}(?![A-Za-z0-9])/.test(t) },
  {
    label: 'a SendGrid API key',
    test: (t) => /(?<![A-Za-z0-9])SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/.test(t),
  },
];

/** Values longer than this are only searched in their first part (bounded work per value). */
export const MAX_SCANNED_VALUE = 1 << 20;

/**
 * A necessary condition for every shape above (each needs one of these markers), so
 * ordinary values are dismissed by one scan instead of twelve.
 */
const SHAPE_HINT =
  /-----BEGIN|A[KSB]IA|ACCA|eyJ|:\/\/|=|gh[pousr]_|github_pat_|glpat-|xox|AIza|k_live_|npm_|SG\./;

/** The label of the first credential format found in a value, if any. */
export function credentialShape(value: string): string | undefined {
  const t = value.length > MAX_SCANNED_VALUE ? value.slice(0, MAX_SCANNED_VALUE) : value;
  if (!SHAPE_HINT.test(t)) return undefined;
  for (const s of SHAPES) if (s.test(t)) return s.label;
  return undefined;
}

export interface CredentialMatch {
  /** 'name': the name says it is a credential and the value is a literal; 'shape': the value's format. */
  by: 'name' | 'shape';
  /** What was recognised, for messages ("a PEM private key"); never the value. */
  label: string;
}

/** A credential stored as a literal under a name (env var, ConfigMap key, flag). */
export function detectCredential(name: string, value: string): CredentialMatch | undefined {
  const shape = credentialShape(value);
  if (shape) return { by: 'shape', label: shape };
  if (isCredentialName(name) && isLiteralSecretValue(value)) return BY_NAME;
  return undefined;
}

const BY_NAME: CredentialMatch = { by: 'name', label: 'a credential' };

/**
 * A per-scan cache for detectCredential: the same (name, value) pairs recur across the
 * replicas of a template in every namespace. Bounded so hostile input cannot grow it
 * without limit. Use with `ctx.memo('credential-cache', newCredentialCache)`.
 */
export function newCredentialCache(): Map<string, CredentialMatch | null> {
  return new Map();
}

const MAX_CACHED = 200_000;
const MAX_CACHED_VALUE = 4096;

export function detectCredentialCached(
  cache: Map<string, CredentialMatch | null>,
  name: string,
  value: string,
): CredentialMatch | undefined {
  if (value.length > MAX_CACHED_VALUE) return detectCredential(name, value);
  const key = `${name}\0${value}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit ?? undefined;
  const found = detectCredential(name, value);
  if (cache.size >= MAX_CACHED) cache.clear();
  cache.set(key, found ?? null);
  return found;
}

const ASSIGNMENT = /^\s*(?:export\s+)?["']?([A-Za-z_][A-Za-z0-9_.-]*)["']?\s*[:=]\s*(.*?)\s*[,;]?\s*$/;
const JSON_PAIR = /"([A-Za-z_][A-Za-z0-9_.-]*)"\s*:\s*"((?:[^"\\\n]|\\.){0,4096})"/g;

/**
 * Credentials assigned inside a configuration file held as one value (properties, .env,
 * YAML, JSON, INI, TOML): the inner key names, each once, in order of appearance.
 * Counted: `key = value` and `key: value` lines of multi-line text, and `"key": "value"`
 * pairs anywhere (minified JSON too).
 */
export function embeddedCredentialKeys(text: string): string[] {
  const out: string[] = [];
  const t = text.length > MAX_SCANNED_VALUE ? text.slice(0, MAX_SCANNED_VALUE) : text;
  if (!CREDENTIAL_HINT.test(t)) return out;
  const add = (key: string, value: string) => {
    if (isCredentialName(key) && isLiteralSecretValue(value) && !out.includes(key)) out.push(key);
  };
  const multiline = t.includes('\n');
  for (const line of multiline ? t.split('\n') : [t]) {
    if (line.length > 65536) continue;
    if (line.includes('"')) {
      for (const m of line.matchAll(JSON_PAIR)) add(m[1]!, m[2]!);
    }
    if (!multiline) continue;
    const m = ASSIGNMENT.exec(line);
    if (!m) continue;
    const raw = m[2]!;
    const value = raw.length >= 2 && /^(["']).*\1$/.test(raw) ? raw.slice(1, -1) : raw;
    if (value === '|' || value === '>' || value === '|-' || value === '>-') continue;
    add(m[1]!, value);
  }
  return out;
}

/** Quotes names for messages: "a", "b" and "c". */
export function quoteList(names: readonly string[], max = 5): string {
  const q = names.slice(0, max).map((n) => `"${n}"`);
  const more = names.length > max ? ` and ${names.length - max} more` : '';
  if (q.length <= 1) return q.join('') + more;
  return more ? `${q.join(', ')}${more}` : `${q.slice(0, -1).join(', ')} and ${q[q.length - 1]}`;
}
