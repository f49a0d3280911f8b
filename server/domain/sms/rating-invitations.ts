// The rating invitation (rating_invite, docs/rules/messages.md): a resident who has not rated some days
// (RATING_INVITE_DAYS) after the reply text is texted once more, with the same single-use link, while the link is
// unused and unexpired and the order still waits for its rating (replied, the same assignment, no rating of it by
// any channel). Once per assignment: the outbox's unique dedupe key decides, so a job run twice, on two instances
// or after downtime, invites once; what came due while the service was down is invited at the next run.
import type { Config } from '../../../config/default.ts';
import type { Db, Executor } from '../../lib/db.ts';
import { fromDbTime, toDbTime } from '../../lib/db.ts';
import { isMobile, residentTexts } from './resident-texts.ts';
import { smsOutbox } from './sms-outbox.ts';
import { yieldToRequests } from '../../lib/yield.ts';

const DAY_MS = 86_400_000;
const PAGE = 200;

interface Candidate {
  number: string;
  replied_at: string;
  caller_phone: string | null;
  token: string;
  assignment_id: number;
}

const inviteKey = (assignmentId: number) => `sms:invite:${assignmentId}`;

/** Replied orders unrated for `days`, whose link is still open, after the ticket `afterId` (replied orders are few:
 *  the auto-close ends them within days, and the status index finds them). */
function candidates(db: Executor, now: Date, days: number, afterId: number) {
  const nowDb = toDbTime(now);
  return db('tickets as t')
    .join('rating_tokens as rt', function () {
      this.on('rt.ticket_id', 't.id').andOn('rt.assignment_id', 't.assignment_id');
    })
    .join('assignments as a', 'a.id', 't.assignment_id')
    .where('t.status', 'replied')
    .whereNot('t.type', 'rectification')
    .whereNotNull('t.caller_phone')
    .whereNull('rt.used_at')
    .where('rt.expires_at', '>', nowDb)
    .where('a.replied_at', '<=', toDbTime(new Date(now.getTime() - days * DAY_MS)))
    .whereNotExists((q) => q.select(db.raw('1')).from('ratings as r').whereRaw('r.assignment_id = t.assignment_id'))
    .where('t.id', '>', afterId)
    .orderBy('t.id')
    .limit(PAGE)
    .select<Array<Candidate & { id: number }>>(
      't.id',
      't.number',
      't.caller_phone',
      'rt.token',
      'rt.assignment_id',
      'a.replied_at',
    );
}

export class RatingInvitations {
  constructor(private readonly deps: { db: Db; config: Config }) {}

  /** Queues the invitations due at `now`; answers how many were queued. Safe to run again and again. */
  async send(now: Date, signal?: AbortSignal): Promise<number> {
    const { db, config } = this.deps;
    const days = config.ratings.inviteDays;
    let sent = 0;
    let afterId = 0;
    for (;;) {
      const page = await candidates(db, now, days, afterId);
      if (page.length === 0) break;
      afterId = page[page.length - 1].id;
      const mobiles = page.filter((c) => isMobile(c.caller_phone));
      const invited = new Set(
        mobiles.length
          ? (
              await db('outbox')
                .whereIn(
                  'dedupe_key',
                  mobiles.map((c) => inviteKey(c.assignment_id)),
                )
                .pluck('dedupe_key')
            ).map(String)
          : [],
      );
      for (const c of mobiles) {
        if (invited.has(inviteKey(c.assignment_id))) continue;
        await yieldToRequests();
        // The days it has waited, as the text says them: more than the setting after a downtime.
        const waited = Math.max(days, Math.floor((now.getTime() - fromDbTime(c.replied_at)!.getTime()) / DAY_MS));
        if (await smsOutbox.enqueueOnce(db, residentTexts.ratingInvite(c, waited, config.publicUrl), now)) sent++;
      }
      if (signal?.aborted || page.length < PAGE) break;
    }
    return sent;
  }
}
