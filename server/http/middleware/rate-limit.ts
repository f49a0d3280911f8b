// A fixed-window limiter per client IP, in memory. Enough to blunt a script hammering the public endpoints
// from one address; with several instances each counts its own share (a shared store is the next step if
// that ever matters). Limits are read on every request, so configuration changes apply at once.
import type { Context, Next } from 'koa';
import { clock } from '../../lib/clock.ts';
import { errors } from '../../lib/errors.ts';

export interface Limits {
  windowSeconds: number;
  perWindow: number;
}

/**
 * At most this many addresses are counted apart in one window, so memory stays bounded under a flood; addresses
 * first seen past it share one count. Starting the table over instead would lift the limit for everyone.
 */
const MAX_TRACKED = 100_000;
const OVERFLOW = '\u0000overflow';

export class FixedWindowLimiter {
  private window = -1;
  private counts = new Map<string, number>();

  constructor(
    private readonly limits: () => Limits,
    private readonly maxTracked = MAX_TRACKED,
  ) {}

  /** Counts a hit from `key`; false once the key has used up its window. */
  hit(key: string): { allowed: boolean; retryAfterS: number } {
    const { windowSeconds, perWindow } = this.limits();
    const ms = windowSeconds * 1000;
    const now = clock.now().getTime();
    const window = Math.floor(now / ms);
    if (window !== this.window) {
      this.window = window;
      this.counts.clear();
    }
    const counted = this.counts.has(key) || this.counts.size < this.maxTracked ? key : OVERFLOW;
    const n = (this.counts.get(counted) ?? 0) + 1;
    this.counts.set(counted, n);
    return { allowed: n <= perWindow, retryAfterS: Math.ceil(((window + 1) * ms - now) / 1000) };
  }
}

export function rateLimit(limiter: FixedWindowLimiter) {
  return async (ctx: Context, next: Next) => {
    const { allowed, retryAfterS } = limiter.hit(ctx.ip);
    if (!allowed) {
      ctx.set('Retry-After', String(retryAfterS));
      throw errors.rateLimited();
    }
    await next();
  };
}
