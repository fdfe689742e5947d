/**
 * Container image references, parsed exactly as the kubelet and the container runtimes
 * do: `github.com/distribution/reference` `ParseNormalizedNamed` (v0.6, vendored by
 * Kubernetes and containerd), with `go-digest` validation of the digest.
 *
 *   reference   := name [ ":" tag ] [ "@" digest ]
 *   name        := [domain "/"] path-component ("/" path-component)*
 *   domain      := host [":" port]     host := domain-name | "[" IPv6 "]"
 *   path-comp   := [a-z0-9]+ ( ( [._] | "__" | "-"+ ) [a-z0-9]+ )*
 *   tag         := [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}
 *   digest      := algorithm ":" hex      (sha256: 64, sha384: 96, sha512: 128 lowercase hex)
 *
 * Normalisation (`splitDockerDomain`): the first path element is a registry when it
 * contains "." or ":", is exactly "localhost", or has uppercase letters; otherwise the
 * registry is docker.io. `index.docker.io` becomes `docker.io`, and one-element names on
 * Docker Hub get `library/`. So `localhost:5000/x` is the registry `localhost:5000`, while
 * `localhost:5000` alone is `docker.io/library/localhost` with tag `5000`.
 *
 * When a reference has both a tag and a digest, runtimes pull by digest and ignore the
 * tag (containerd `ParseDockerRef`), so such an image is pinned.
 */

export interface ImageRef {
  /** Registry host and optional port, normalised (`docker.io` for Docker Hub). */
  readonly domain: string;
  /** Repository path inside the registry, normalised (`library/nginx`). */
  readonly path: string;
  /** `domain/path`. */
  readonly name: string;
  readonly tag?: string;
  /** `algorithm:hex`. */
  readonly digest?: string;
}

export type ImageParse = { ok: true; ref: ImageRef } | { ok: false; error: string };

const DEFAULT_DOMAIN = 'docker.io';
const LEGACY_DEFAULT_DOMAIN = 'index.docker.io';
const OFFICIAL_REPO_PREFIX = 'library/';
/** distribution/reference RepositoryNameTotalLengthMax: applies to the path (v0.6). */
const MAX_PATH_LENGTH = 255;
/** Far above any valid reference; bounds the work on hostile input. */
const MAX_INPUT_LENGTH = 4096;

const ALNUM = '[a-z0-9]+';
const SEPARATOR = '(?:[._]|__|[-]+)';
const PATH_COMPONENT = `${ALNUM}(?:${SEPARATOR}${ALNUM})*`;
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN_NAME = `${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*`;
const IPV6 = '\\[(?:[a-fA-F0-9:]+)\\]';
const DOMAIN = `(?:${DOMAIN_NAME}|${IPV6})(?::[0-9]+)?`;
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
const NAME = `(?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*`;

const REFERENCE = new RegExp(`^(${NAME})(?::(${TAG}))?(?:@(${DIGEST}))?$`);
const ANCHORED_NAME = new RegExp(`^(?:(${DOMAIN})/)?(${PATH_COMPONENT}(?:/${PATH_COMPONENT})*)$`);
const IDENTIFIER = /^[a-f0-9]{64}$/;

/** go-digest's registered algorithms and the exact length of their hex encoding. */
const DIGEST_HEX_LENGTH: Readonly<Record<string, number>> = { sha256: 64, sha384: 96, sha512: 128 };

function validateDigest(d: string): string | undefined {
  const i = d.indexOf(':');
  const algorithm = d.slice(0, i);
  const hex = d.slice(i + 1);
  const size = Object.hasOwn(DIGEST_HEX_LENGTH, algorithm) ? DIGEST_HEX_LENGTH[algorithm] : undefined;
  if (size === undefined) return `unsupported digest algorithm "${algorithm}"`;
  if (hex.length !== size) return `invalid ${algorithm} digest length (${hex.length}, expected ${size})`;
  if (!/^[a-f0-9]+$/.test(hex)) return `invalid ${algorithm} digest (hex must be lowercase)`;
  return undefined;
}

function splitDockerDomain(name: string): { domain: string; remainder: string } {
  const slash = name.indexOf('/');
  if (slash === -1) return { domain: DEFAULT_DOMAIN, remainder: OFFICIAL_REPO_PREFIX + name };
  const maybeDomain = name.slice(0, slash);
  const rest = name.slice(slash + 1);
  let domain: string;
  let remainder: string;
  if (maybeDomain === 'localhost') [domain, remainder] = [maybeDomain, rest];
  else if (maybeDomain === LEGACY_DEFAULT_DOMAIN) [domain, remainder] = [DEFAULT_DOMAIN, rest];
  else if (/[.:]/.test(maybeDomain)) [domain, remainder] = [maybeDomain, rest];
  else if (maybeDomain.toLowerCase() !== maybeDomain) [domain, remainder] = [maybeDomain, rest];
  else [domain, remainder] = [DEFAULT_DOMAIN, name];
  if (domain === DEFAULT_DOMAIN && !remainder.includes('/')) remainder = OFFICIAL_REPO_PREFIX + remainder;
  return { domain, remainder };
}

/** Parses an image reference as `ParseNormalizedNamed` does; never throws. */
export function parseImageReference(input: string): ImageParse {
  if (input === '') return { ok: false, error: 'the image reference is empty' };
  if (input.length > MAX_INPUT_LENGTH) return { ok: false, error: 'the image reference is too long' };
  if (IDENTIFIER.test(input))
    return { ok: false, error: 'a 64-character hexadecimal string is an image ID, not a repository name' };
  const { domain: splitDomain, remainder } = splitDockerDomain(input);
  const colon = remainder.indexOf(':');
  const remoteName = colon === -1 ? remainder : remainder.slice(0, colon);
  if (remoteName.toLowerCase() !== remoteName)
    return { ok: false, error: `the repository name "${remoteName}" must be lowercase` };
  const full = `${splitDomain}/${remainder}`;
  const m = REFERENCE.exec(full);
  if (!m) {
    if (REFERENCE.test(full.toLowerCase()))
      return { ok: false, error: 'the repository name must be lowercase' };
    return { ok: false, error: 'invalid reference format' };
  }
  const name = m[1]!;
  const nm = ANCHORED_NAME.exec(name);
  const domain = nm?.[1] ?? '';
  const path = nm?.[2] ?? name;
  if (path.length > MAX_PATH_LENGTH)
    return { ok: false, error: `the repository name is longer than ${MAX_PATH_LENGTH} characters` };
  const tag = m[2];
  const digest = m[3];
  if (digest !== undefined) {
    const problem = validateDigest(digest);
    if (problem) return { ok: false, error: problem };
  }
  return {
    ok: true,
    ref: {
      domain,
      path,
      name,
      ...(tag !== undefined ? { tag } : {}),
      ...(digest !== undefined ? { digest } : {}),
    },
  };
}

/** A reference as the runtime pulls it: digest wins over tag, and no tag means `latest`. */
export function pullReference(ref: ImageRef): string {
  if (ref.digest !== undefined) return `${ref.name}@${ref.digest}`;
  return `${ref.name}:${ref.tag ?? 'latest'}`;
}

/** Pinned: pulled by content digest, whatever tag is also written. */
export function isDigestPinned(ref: ImageRef): boolean {
  return ref.digest !== undefined;
}

/**
 * What a container's image resolves to at pull time when it is not pinned: 'latest' when
 * the tag is `latest` or absent (the runtime adds `latest`), otherwise 'tag'.
 */
export function mutability(ref: ImageRef): 'pinned' | 'latest' | 'untagged' | 'tag' {
  if (ref.digest !== undefined) return 'pinned';
  if (ref.tag === undefined) return 'untagged';
  return ref.tag === 'latest' ? 'latest' : 'tag';
}

export type PullPolicy = 'Always' | 'IfNotPresent' | 'Never';

/**
 * The imagePullPolicy the API server stores for a container (`SetDefaults_Container`):
 * the explicit value when set, otherwise `Always` when the tag is `latest` — including
 * when no tag and no digest are written (`parsers.ParseImageName` defaults the tag to
 * latest), and even for `name:latest@digest` — and `IfNotPresent` otherwise, including
 * unparseable images. Returns undefined for a value the API would reject.
 */
export function effectivePullPolicy(
  image: string,
  explicit: unknown,
): { policy: PullPolicy; defaulted: boolean } | undefined {
  if (explicit !== undefined && explicit !== null && explicit !== '') {
    return explicit === 'Always' || explicit === 'IfNotPresent' || explicit === 'Never'
      ? { policy: explicit, defaulted: false }
      : undefined;
  }
  return defaultPullPolicy(parseImageReference(image));
}

/** The defaulted imagePullPolicy for an already parsed image (see effectivePullPolicy). */
export function defaultPullPolicy(parsed: ImageParse): { policy: PullPolicy; defaulted: true } {
  if (!parsed.ok) return { policy: 'IfNotPresent', defaulted: true };
  const { tag, digest } = parsed.ref;
  const effectiveTag = tag === undefined && digest === undefined ? 'latest' : tag;
  return { policy: effectiveTag === 'latest' ? 'Always' : 'IfNotPresent', defaulted: true };
}

/**
 * A per-scan cache of parsed references: the same few images recur across thousands of
 * workloads. Pass `ctx.memo('image-ref-cache', newImageCache)` to share it between checks.
 */
export function newImageCache(): Map<string, ImageParse> {
  return new Map();
}

export function parseCached(cache: Map<string, ImageParse>, image: string): ImageParse {
  let p = cache.get(image);
  if (p === undefined) {
    p = parseImageReference(image);
    cache.set(image, p);
  }
  return p;
}
