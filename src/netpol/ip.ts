/**
 * IPv4 addresses as integers 0..2^32-1 and CIDRs as interval sets, parsed as Go's
 * net.ParseCIDR does (the API server validates with it): dotted decimal without
 * leading zeros, a prefix length 0..32, host bits allowed and masked off. IPv6 is
 * recognised so callers can warn about it, but not modelled.
 */
import { type IntervalSet, range } from './intervals.js';

export const IPV4_MIN = 0;
export const IPV4_MAX = 4294967295;
export const ALL_IPV4: IntervalSet = range(IPV4_MIN, IPV4_MAX);

export function parseIPv4(s: string): number | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const p of parts) {
    if (!/^(0|[1-9][0-9]{0,2})$/.test(p)) return undefined;
    const v = Number(p);
    if (v > 255) return undefined;
    n = n * 256 + v;
  }
  return n;
}

export function formatIPv4(n: number): string {
  return `${Math.floor(n / 16777216) % 256}.${Math.floor(n / 65536) % 256}.${Math.floor(n / 256) % 256}.${n % 256}`;
}

export type CidrParse =
  | { ok: true; family: 4; set: IntervalSet; first: number; last: number }
  | { ok: true; family: 6 }
  | { ok: false; error: string };

/** Parses "a.b.c.d/len"; IPv6 CIDRs are reported as family 6 when they look well-formed. */
export function parseCidr(raw: unknown): CidrParse {
  if (typeof raw !== 'string' || raw === '') return { ok: false, error: 'a CIDR must be a non-empty string' };
  const slash = raw.indexOf('/');
  if (slash === -1) return { ok: false, error: `${JSON.stringify(raw)} is not a CIDR (no /prefix)` };
  const addr = raw.slice(0, slash);
  const len = raw.slice(slash + 1);
  if (addr.includes(':')) {
    if (/^[0-9a-fA-F:.]+$/.test(addr) && /^(0|[1-9][0-9]{0,2})$/.test(len) && Number(len) <= 128)
      return { ok: true, family: 6 };
    return { ok: false, error: `${JSON.stringify(raw)} is not a valid CIDR` };
  }
  const ip = parseIPv4(addr);
  if (ip === undefined || !/^(0|[1-9][0-9]?)$/.test(len) || Number(len) > 32)
    return { ok: false, error: `${JSON.stringify(raw)} is not a valid CIDR` };
  const bits = Number(len);
  const block = 2 ** (32 - bits);
  const first = Math.floor(ip / block) * block;
  const last = first + block - 1;
  return { ok: true, family: 4, set: range(first, last), first, last };
}

/** The reference notation of an address range: "10.0.0.0-10.255.255.255". */
export function formatIpRange(first: number, last: number): string {
  return `${formatIPv4(first)}-${formatIPv4(last)}`;
}

/** Parses "a.b.c.d" or "a.b.c.d-e.f.g.h" (as printed) into a range. */
export function parseIpOrRange(s: string): [number, number] | undefined {
  const dash = s.indexOf('-');
  if (dash === -1) {
    const ip = parseIPv4(s);
    return ip === undefined ? undefined : [ip, ip];
  }
  const a = parseIPv4(s.slice(0, dash));
  const b = parseIPv4(s.slice(dash + 1));
  return a === undefined || b === undefined || a > b ? undefined : [a, b];
}
