// Guesses at the progress look-up, counted per ticket number whatever the address (issue 11, finding 8). The
// per-address limit alone let one script try all 10,000 last-4 endings of an order in hours, and many addresses
// in minutes. Every look-up of a number first claims one of its guesses in a single conditional UPDATE, so racing
// requests (on one instance or several: the count is in the database) can never check more than the allowance;
// the right digits give the claims back, a wrong guess keeps its claim, and the last one allowed starts the
// number's cool-down, during which it answers 429 to everyone, the right digits included.
import type { Db } from '../../lib/db.ts';
import { fromDbTime, toDbTime } from '../../lib/db.ts';
import { AppError, detail } from '../../lib/errors.ts';

export interface GuessLimits {
  /** Wrong guesses allowed within `windowMinutes` of the first of them; 0 turns the rule off. */
  failures: number;
  windowMinutes: number;
  cooldownMinutes: number;
}

const TABLE = 'lookup_guesses';

/** docs/api.md's 429 RATE_LIMITED, its detail naming the number (not the address) as what is limited. */
export function lookupLocked(minutes: number): AppError {
  return new AppError(
    429,
    'RATE_LIMITED',
    'ticket.lookupLocked',
    [detail('number', 'ticket.lookupLocked', { minutes })],
    { minutes },
  );
}

export class LookupGuesses {
  constructor(
    private readonly db: Db,
    private readonly limits: () => GuessLimits,
  ) {}

  /**
   * Claims one guess at `number`; null when claimed, otherwise the seconds until the number may be tried again.
   * A window that ended, or a cool-down that ended, starts the count over.
   */
  async claim(number: string, now: Date): Promise<number | null> {
    const { failures, windowMinutes, cooldownMinutes } = this.limits();
    if (failures <= 0) return null;
    const at = toDbTime(now);
    const windowStart = toDbTime(new Date(now.getTime() - windowMinutes * 60_000));
    await this.db(TABLE)
      .insert({ number, attempts: 0, window_started_at: at, locked_until: null })
      .onConflict('number')
      .ignore();
    // Over: the window of guesses has passed (and no cool-down is running), or the cool-down has ended.
    const over = '((window_started_at < ? AND locked_until IS NULL) OR locked_until <= ?)';
    const claimed = await this.db(TABLE)
      .where({ number })
      .where((w) =>
        w
          .whereRaw(over, [windowStart, at])
          .orWhere((o) => o.whereNull('locked_until').where('attempts', '<', failures)),
      )
      .update({
        attempts: this.db.raw(`CASE WHEN ${over} THEN 1 ELSE attempts + 1 END`, [windowStart, at]),
        // MySQL assigns left to right, each seeing the columns set before it: `over` reads window_started_at and
        // locked_until, so attempts goes first, window_started_at reads its own old value, locked_until goes last.
        window_started_at: this.db.raw(`CASE WHEN ${over} THEN ? ELSE window_started_at END`, [windowStart, at, at]),
        locked_until: null,
      });
    if (claimed === 1) return null;
    const row = await this.db(TABLE).where({ number }).first();
    // Out of guesses with the cool-down not yet written (the last wrong guess is still being checked): a whole one.
    const until = fromDbTime(row?.locked_until ?? null);
    const seconds = until ? Math.ceil((until.getTime() - now.getTime()) / 1000) : cooldownMinutes * 60;
    return Math.max(1, seconds);
  }

  /** The right digits: the number's count starts over. */
  async succeeded(number: string): Promise<void> {
    await this.db(TABLE).where({ number }).whereNull('locked_until').delete();
  }

  /** A wrong guess keeps its claim; the last one allowed starts the cool-down. Ended windows are cleared away. */
  async failed(number: string, now: Date): Promise<void> {
    const { failures, windowMinutes, cooldownMinutes } = this.limits();
    if (failures <= 0) return;
    const at = toDbTime(now);
    await this.db(TABLE)
      .where({ number })
      .whereNull('locked_until')
      .where('attempts', '>=', failures)
      .update({ locked_until: toDbTime(new Date(now.getTime() + cooldownMinutes * 60_000)) });
    await this.db(TABLE)
      .where('window_started_at', '<', toDbTime(new Date(now.getTime() - windowMinutes * 60_000)))
      .where((w) => w.whereNull('locked_until').orWhere('locked_until', '<=', at))
      .delete();
  }
}
