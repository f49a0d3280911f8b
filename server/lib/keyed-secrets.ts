// Secrets that machines and screens present on every request: review devices' keys, the telephone system's CTI
// keys, Open311 partners' api_keys and wall screens' display links. Each is random, shown once when issued and
// stored only as its SHA-256: a random secret of 192 bits or more cannot be found from its hash, so it needs no
// slow KDF as a password does, and looking it up is one indexed query. A few leading characters may be kept in the
// clear (key_prefix) to tell keys apart in lists. The areas keep their own tables and queries; this holds the idea.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { performance } from 'node:perf_hooks';

export interface SecretFormat {
  /** Written before the random part, so a leaked secret says what it opens ('cti_', 'o311_'; '' for none). */
  prefix: string;
  /** Random bytes, written in base64url. */
  bytes: number;
  /** Leading characters of the secret kept in the clear to tell secrets apart (0: none). */
  shownChars: number;
}

export interface IssuedSecret {
  /** Shown once to whoever issued it, never stored. */
  secret: string;
  hash: string;
  /** The leading characters kept in the clear ('' when the format keeps none). */
  shown: string;
}

/** Longer than any secret issued: hashed and looked up for nothing otherwise. */
const MAX_SECRET_CHARS = 256;
/** Secrets kept at most; past it the cache starts over (a lookup then costs one query again). */
const MAX_CACHED = 10_000;

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function issueSecret(format: SecretFormat): IssuedSecret {
  const secret = `${format.prefix}${randomBytes(format.bytes).toString('base64url')}`;
  return { secret, hash: hashSecret(secret), shown: secret.slice(0, format.shownChars) };
}

/** Whether a stored hash is the one computed, compared in constant time (the database's collation is not asked). */
export function sameHash(stored: string, computed: string): boolean {
  const a = Buffer.from(stored, 'utf8');
  const b = Buffer.from(computed, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

export interface KeyedSecretsOptions<T> {
  format: SecretFormat;
  /** The row stored under a hash, revoked or not, or null. */
  findByHash: (hash: string) => Promise<T | null>;
  /** The hash the row holds, to compare in constant time. */
  hashOf: (row: T) => string;
  /**
   * How long a row found stays cached, read at every lookup (0: always asked afresh). Freshness is wall time
   * (performance.now), not the business clock; other instances see a revocation once their copy is this old.
   */
  cacheMs?: () => number;
}

/** One kind of keyed secret: issues it and finds the row holding it, with an optional short-lived cache. */
export class KeyedSecrets<T> {
  /** hash -> row and when it was read. */
  private readonly cache = new Map<string, { row: T; at: number }>();
  /** hash -> the lookup under way (cached kinds only); gone once it settles, so it holds no more than the posts. */
  private readonly pending = new Map<string, Promise<T | null>>();

  constructor(private readonly options: KeyedSecretsOptions<T>) {}

  issue(): IssuedSecret {
    return issueSecret(this.options.format);
  }

  /** The row holding the secret, revoked or not (the caller decides what a revoked one answers), or null. */
  async find(secret: string | undefined): Promise<T | null> {
    if (!secret || secret.length > MAX_SECRET_CHARS) return null;
    const hash = hashSecret(secret);
    const cacheMs = this.options.cacheMs?.() ?? 0;
    const hit = this.cache.get(hash);
    if (hit && performance.now() - hit.at < cacheMs) return hit.row;
    if (cacheMs <= 0) return this.lookUp(hash, cacheMs);
    // When the cached row expires under load, the posts arriving meanwhile share one lookup instead of each
    // asking (a device posting 50 at once: 50 queries every deviceCacheMs).
    let pending = this.pending.get(hash);
    if (!pending) {
      pending = this.lookUp(hash, cacheMs).finally(() => {
        if (this.pending.get(hash) === pending) this.pending.delete(hash);
      });
      this.pending.set(hash, pending);
    }
    return pending;
  }

  private async lookUp(hash: string, cacheMs: number): Promise<T | null> {
    const row = await this.options.findByHash(hash);
    if (!row || !sameHash(this.options.hashOf(row), hash)) {
      this.cache.delete(hash);
      return null;
    }
    // Only rows that exist are kept, so a flood of made-up secrets cannot grow the map.
    if (cacheMs > 0) {
      if (this.cache.size >= MAX_CACHED) this.cache.clear();
      this.cache.set(hash, { row, at: performance.now() });
    }
    return row;
  }

  /** Forgets every cached row: after a revocation, or a change to what a cached row carries. */
  forget(): void {
    this.cache.clear();
    // A lookup begun before the change may read the old row: later posts ask afresh.
    this.pending.clear();
  }
}
