// The resident's progress look-up (GET /public/tickets/:number?code=, or ?phone_last4=): no sign-in, so it shows
// only what the resident may see — status, department and the public events of the timeline, with the answer given
// — and nothing of the caller, internal notes or who acted. The proof is the query code of the acceptance text (six
// random digits); the phone's last four digits are still accepted (API contract). A wrong number, code or phone get
// the same 404, so the look-up tells nobody which numbers exist. A merged order (并单) leads to the order it joined.
// It never leads to the reply's rating link (issue 11, finding 1): a department reads the number and the masked
// phone's last four digits, so whatever the look-up shows, a department can see too. The link reaches the resident
// by the reply text (sms/resident-texts.ts) or from the hotline (GET /tickets/:id/rating-link), never through here.
// Wrong guesses are counted per number (lookup-guesses.ts): past the allowance the number answers 429 (detail
// `number`) until its cool-down ends.
import type { Config } from '../../../config/default.ts';
import type { Db } from '../../lib/db.ts';
import { errors } from '../../lib/errors.ts';
import { nameOf } from '../../i18n/index.ts';
import { departmentsRepository } from '../departments/departments.repository.ts';
import { clock } from '../../lib/clock.ts';
import { LookupGuesses, lookupLocked } from './lookup-guesses.ts';
import { iso } from '../../lib/time.ts';
import { ticketsRepository as repo } from './tickets.repository.ts';
import type { TicketRow } from './ticket.types.ts';

/** Events whose note is the answer to the resident; every other note is internal. */
const ANSWERS = new Set(['reply', 'answer']);
/** A merge chain longer than this is cut short (it cannot loop: only open orders can be merged into). */
const MAX_HOPS = 5;

const notFound = () => errors.notFound('ticket');

function lastDigits(phone: string | null): string | null {
  const digits = (phone ?? '').replace(/\D/g, '');
  return digits.length >= 4 ? digits.slice(-4) : null;
}

/** What the resident proves the order is theirs with: the texted query code, or the phone's last four digits. */
export type LookupProof = { code: string } | { phone_last4: string };

function proves(t: TicketRow, proof: LookupProof): boolean {
  if ('code' in proof) return Boolean(t.query_code) && t.query_code === proof.code;
  return lastDigits(t.caller_phone) === proof.phone_last4;
}

export class PublicProgressService {
  private readonly guesses: LookupGuesses;

  constructor(
    private readonly db: Db,
    limits: Config['rateLimit'],
  ) {
    // Read at every look-up, so a changed setting applies at once.
    this.guesses = new LookupGuesses(db, () => ({
      failures: limits.lookupFailures,
      windowMinutes: limits.lookupFailureMinutes,
      cooldownMinutes: limits.lookupCooldownMinutes,
    }));
  }

  /**
   * Throws 429 RATE_LIMITED on `number` (and tells the seconds to wait) while the number cools down after too many
   * wrong guesses.
   */
  async lookup(number: string, proof: LookupProof, onLocked?: (retryAfterS: number) => void) {
    const now = clock.now();
    const wait = await this.guesses.claim(number, now);
    if (wait !== null) {
      onLocked?.(wait);
      throw lookupLocked(Math.ceil(wait / 60));
    }
    const t = await repo.findByNumber(this.db, number);
    if (!t || !proves(t, proof)) {
      await this.guesses.failed(number, now);
      throw notFound();
    }
    await this.guesses.succeeded(number);
    let target = t;
    for (let hops = 0; target.status === 'merged' && target.merged_into_id && hops < MAX_HOPS; hops++) {
      target = (await repo.find(this.db, target.merged_into_id))!;
    }
    return {
      ...(await this.progress(t)),
      title: t.title,
      // The order this one was merged into carries on the work: its progress, without its caller's words.
      merged_into: target.id === t.id ? null : await this.progress(target),
    };
  }

  private async progress(t: TicketRow) {
    const [events, department] = await Promise.all([
      repo.events(this.db, t.id),
      t.department_id ? departmentsRepository.find(this.db, t.department_id) : null,
    ]);
    return {
      number: t.number,
      status: t.status,
      status_name: nameOf('status', t.status, 'zh'),
      department_name: department?.name ?? null,
      created_at: iso(t.created_at),
      due_at: iso(t.due_at),
      closed_at: iso(t.closed_at),
      events: events
        .filter((e) => Boolean(e.public))
        .map((e) => {
          const data = e.data ? JSON.parse(e.data) : {};
          return {
            action: e.action as string,
            at: iso(e.created_at),
            department_name: (data.department_name as string | undefined) ?? null,
            into_number: (data.into_number as string | undefined) ?? null,
            resolution: ANSWERS.has(e.action) ? e.note : null,
          };
        }),
    };
  }
}
