/**
 * Pod Security Standards versions as pod-security-admission parses them
 * (api/helpers.go): `latest` or `v1.N` with no leading zero. Anything else is rejected.
 */

/** A parsed version: `latest`, or the minor number of 1.N. */
export type PssVersion = { readonly latest: true } | { readonly latest: false; readonly minor: number };

const VERSION = /^v1\.([0-9]|[1-9][0-9]*)$/;

export const LATEST: PssVersion = { latest: true };

export class InvalidPssVersionError extends Error {
  override readonly name = 'InvalidPssVersionError';
}

/** Parses `latest` or `v1.N`; throws InvalidPssVersionError with a message naming the value otherwise. */
export function parseVersion(text: string): PssVersion {
  if (text === 'latest') return LATEST;
  const m = VERSION.exec(text);
  const minor = m ? Number(m[1]) : Number.NaN;
  // Upstream parses the minor with strconv.Atoi, which fails on overflow; so do we.
  if (!Number.isSafeInteger(minor)) {
    throw new InvalidPssVersionError(
      `invalid Pod Security Standards version ${JSON.stringify(text)}: expected "latest" or "v1.N" (e.g. v1.30)`,
    );
  }
  return { latest: false, minor };
}

export function isValidVersion(text: string): boolean {
  try {
    parseVersion(text);
    return true;
  } catch {
    return false;
  }
}

export function formatVersion(v: PssVersion): string {
  return v.latest ? 'latest' : `v1.${v.minor}`;
}

/**
 * The minor version whose checks apply: a request newer than the newest check version
 * (including `latest`) is clamped to it, as upstream's registry does.
 */
export function effectiveMinor(v: PssVersion, newestMinor: number): number {
  return v.latest ? newestMinor : Math.min(v.minor, newestMinor);
}
