// Counts of failed sign-ins, per account-and-address and per address (migration create_login_throttles). Every
// change is one conditional statement, so parallel requests on several instances cannot take more than the limit.
import { fromDbTime, toDbTime, type Executor } from '../../lib/db.ts';

export interface ThrottleKey {
  key: string;
  username: string | null;
}

/**
 * Whom an address stands for: an IPv4 address (also written IPv4-mapped, ::ffff:a.b.c.d) itself, an IPv6 address its
 * /64, the block one subscriber holds, so stepping through a block's addresses gains a guesser nothing.
 */
export function clientOf(address: string): string {
  const v4 = /^(?:::ffff:)?(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  if (v4) return v4[1];
  if (!address.includes(':')) return address;
  const [head, tail = ''] = address.split('%')[0].toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = address.includes('::') && tail ? tail.split(':') : [];
  const groups = address.includes('::')
    ? [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right]
    : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

export const pairKey = (username: string, address: string): ThrottleKey => ({
  key: `p:${username}|${clientOf(address)}`,
  username,
});
export const addressKey = (address: string): ThrottleKey => ({ key: `a:${clientOf(address)}`, username: null });

const T = 'login_throttles';

export const loginThrottles = {
  /**
   * Counts an attempt before its password is checked, unless the key already has `max` failures in its window or
   * is locked: false then. A run-out lock, a window older than `windowMs` or one dated ahead of the clock (set back)
   * starts a fresh count first.
   */
  async take(db: Executor, k: ThrottleKey, max: number, windowMs: number, now: Date): Promise<boolean> {
    const at = toDbTime(now);
    await db(T)
      .insert({
        key: k.key,
        username: k.username,
        failures: 0,
        window_started_at: at,
        locked_until: null,
        updated_at: at,
      })
      .onConflict('key')
      .ignore();
    await db(T)
      .where({ key: k.key })
      .where((q) =>
        q
          .where('locked_until', '<=', at)
          .orWhere('window_started_at', '>', at)
          .orWhere((w) =>
            w.whereNull('locked_until').where('window_started_at', '<', toDbTime(new Date(now.getTime() - windowMs))),
          ),
      )
      .update({ failures: 0, locked_until: null, window_started_at: at, updated_at: at });
    const n = await db(T)
      .where({ key: k.key })
      .where('failures', '<', max)
      .where((q) => q.whereNull('locked_until').orWhere('locked_until', '<=', at))
      .update({ failures: db.raw('failures + 1'), updated_at: at });
    return Number(n) === 1;
  },

  /** Locks the key until `until` once it has `max` failures (a lock already standing is kept). */
  async lockIfFull(db: Executor, k: ThrottleKey, max: number, until: Date, now: Date): Promise<void> {
    const at = toDbTime(now);
    await db(T)
      .where({ key: k.key })
      .where('failures', '>=', max)
      .where((q) => q.whereNull('locked_until').orWhere('locked_until', '<=', at))
      .update({ locked_until: toDbTime(until), updated_at: at });
  },

  async lockedUntil(db: Executor, k: ThrottleKey): Promise<Date | null> {
    return fromDbTime((await db(T).where({ key: k.key }).first('locked_until'))?.locked_until);
  },

  /** Until when the key refuses attempts: its lock, or (guesses in parallel, the lock being set) a lock from now. */
  async refusedUntil(db: Executor, k: ThrottleKey, lockMs: number, now: Date): Promise<Date> {
    const row = await db(T).where({ key: k.key }).first();
    const locked = fromDbTime(row?.locked_until);
    return locked && locked > now ? locked : new Date(now.getTime() + lockMs);
  },

  /**
   * A successful sign-in: the account's count from that address starts over, and the address's attempt was no
   * failure.
   */
  async succeeded(db: Executor, pair: ThrottleKey, address: ThrottleKey, now: Date): Promise<void> {
    await db(T).where({ key: pair.key }).delete();
    await db(T)
      .where({ key: address.key })
      .where('failures', '>', 0)
      .update({ failures: db.raw('failures - 1'), updated_at: toDbTime(now) });
  },

  /** An administrator set a new password: every lock of the account, from every address, ends. */
  async clearUser(db: Executor, username: string): Promise<void> {
    await db(T).where({ username }).delete();
  },

  /** Rows untouched since `before` and not locked any more: they count nothing a new attempt would not restart. */
  async purge(db: Executor, before: Date, now: Date): Promise<number> {
    return db(T)
      .where('updated_at', '<', toDbTime(before))
      .where((q) => q.whereNull('locked_until').orWhere('locked_until', '<=', toDbTime(now)))
      .delete();
  },
};
