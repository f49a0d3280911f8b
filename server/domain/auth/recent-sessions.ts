// The sessions an instance read in the last second. Every API call authenticates, and the calls come in bursts:
// a page opening fires several at once, an operator's console posts and reloads, a script posts orders back to
// back. Each burst reads its session once instead of once a call (a join of sessions and users, a tenth of the cost
// of creating an order). What ends a session on this instance (signing out, a password changed, a user changed or
// deactivated) forgets it here at once; on another instance it is believed at most TRUST_MS longer.
import { performance } from 'node:perf_hooks';

/** Real time, not the service clock: a test moving the clock must not make a read older or younger. */
const TRUST_MS = 1_000;
/** Past this many entries, the stale ones are dropped on the next read (a city has a few thousand staff). */
const PRUNE_AT = 10_000;

export class RecentSessions<Row extends { id: number }> {
  private readonly rows = new Map<string, { row: Row; until: number }>();
  /** Moves on at every forgetting: a read that began before one is not kept (it may be of a session now ended). */
  private generation = 0;

  constructor(
    private readonly trustMs = TRUST_MS,
    private readonly now: () => number = () => performance.now(),
  ) {}

  get(key: string): Row | undefined {
    const entry = this.rows.get(key);
    if (entry && entry.until > this.now()) return entry.row;
    if (entry) this.rows.delete(key);
    return undefined;
  }

  /** The generation to hand back to `set` with the row read after asking it. */
  readStarts(): number {
    return this.generation;
  }

  set(key: string, row: Row, readSince: number): void {
    if (readSince !== this.generation) return;
    const now = this.now();
    if (this.rows.size >= PRUNE_AT) for (const [k, e] of this.rows) if (e.until <= now) this.rows.delete(k);
    this.rows.set(key, { row, until: now + this.trustMs });
  }

  forget(key: string): void {
    this.generation++;
    this.rows.delete(key);
  }

  /** Forgets every session of a user (all but `keep`, the session that changed its own password). */
  forgetUser(userId: number, keep?: string): void {
    this.generation++;
    for (const [key, { row }] of this.rows) if (row.id === userId && key !== keep) this.rows.delete(key);
  }
}
