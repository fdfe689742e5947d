/**
 * A map keyed by three strings as if joined with separators (`${a}/${b}/${c}`), without
 * building and hashing the joined string on every lookup: for tens of thousands of
 * workloads that string work is most of what grouping them costs.
 *
 * Parts without any separator character are looked up in nested maps of the parts
 * themselves (strings of the input, whose hashes the engine keeps). A key with a
 * separator character inside a part is joined as before and looked up by that string, so
 * keys that the joined form confuses are still confused alike. The two kinds never meet:
 * a joined clean key holds each separator character exactly as often as the separators
 * do, a joined key with a separator inside a part holds one more.
 */
import { getOrInsert } from '../model/maps.js';
export class JoinedKeyMap<V> {
  private readonly nested = new Map<string, Map<string, Map<string, V>>>();
  private readonly joined = new Map<string, V>();
  private readonly special: RegExp;

  constructor(private readonly separators: readonly [string, string, string]) {
    const chars = [...new Set(separators.join(''))].map((c) => `\\${c}`).join('');
    this.special = new RegExp(`[${chars}]`);
  }

  private join(a: string, b: string, c: string): string {
    const [s1, s2, s3] = this.separators;
    return `${a}${s1}${b}${s2}${c}${s3}`;
  }

  private clean(a: string, b: string, c: string): boolean {
    return !this.special.test(a) && !this.special.test(b) && !this.special.test(c);
  }

  get(a: string, b: string, c: string): V | undefined {
    if (!this.clean(a, b, c)) return this.joined.get(this.join(a, b, c));
    return this.nested.get(a)?.get(b)?.get(c);
  }

  set(a: string, b: string, c: string, value: V): void {
    if (!this.clean(a, b, c)) {
      this.joined.set(this.join(a, b, c), value);
      return;
    }
    getOrInsert(
      getOrInsert(this.nested, a, () => new Map()),
      b,
      () => new Map(),
    ).set(c, value);
  }
}
