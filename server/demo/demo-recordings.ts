// Call recordings in the demo (docs/rules/attachments.md "Call recordings"): the telephone system reports the call
// behind some phone orders with its recording's reference, as a CTI does once the call ended: the orders whose bad
// review a department appealed (the supervisor hears the resident beside the appeal) and today's latest phone
// orders. The demo has no telephone system (RECORDING_URL unset): the players say so; pointing RECORDING_URL at a
// CTI that serves demo/<number>.wav plays them.
import type { Services } from '../services.ts';
import { clock } from '../lib/clock.ts';
import { fromDbTime } from '../lib/db.ts';
import { callsRepository } from '../domain/calls/calls.repository.ts';
import { SYSTEM } from '../domain/users/actor.ts';
import type { Cast } from './demo-catalogue.ts';

interface PhoneOrder {
  id: number;
  number: string;
  caller_phone: string | null;
  created_at: string;
  created_by: number | null;
}

/**
 * 申诉: the department of the latest bad review given on a callback of a phone order appeals it (the resident said
 * it was solved on the phone), pending for supervisor1, who can hear the original call beside it.
 */
async function appealOne(s: Services, cast: Cast, now: Date): Promise<void> {
  const bad = await s
    .db('ratings')
    .join('tickets', 'tickets.id', 'ratings.ticket_id')
    .leftJoin('rating_appeals', 'rating_appeals.rating_id', 'ratings.id')
    .where({ 'ratings.channel': 'callback', 'tickets.channel': 'phone', 'ratings.voided': false })
    .where('ratings.score', '<=', 2)
    .whereNull('rating_appeals.id')
    .orderBy('ratings.rated_at', 'desc')
    .first('ratings.id', 'ratings.department_id', 'ratings.rated_at');
  const handler = bad && Object.values(cast.handlers).find((h) => h.department_id === bad.department_id);
  if (!bad || !handler) return;
  clock.set(new Date(Math.min(now.getTime() - 60_000, fromDbTime(bad.rated_at)!.getTime() + 3 * 3_600_000)));
  await s.appeals.appeal(handler, bad.id, {
    reason: '回访时群众在电话中表示问题已解决，评价为误按，请调听来电录音核实',
  });
}

/** The recording's reference the demo's telephone system gives an order's call. */
export const demoRecordingRef = (ticketNumber: string) => `demo/${ticketNumber}.wav`;

export async function loadRecordings(s: Services, cast: Cast, now: Date): Promise<void> {
  await appealOne(s, cast, now);
  const cols = ['tickets.id', 'tickets.number', 'tickets.caller_phone', 'tickets.created_at', 'tickets.created_by'];
  const appealed: PhoneOrder[] = await s
    .db('tickets')
    .join('ratings', 'ratings.ticket_id', 'tickets.id')
    .join('rating_appeals', 'rating_appeals.rating_id', 'ratings.id')
    .where('tickets.channel', 'phone')
    .whereNull('tickets.call_id')
    .distinct(cols)
    .limit(5);
  const latest: PhoneOrder[] = await s
    .db('tickets')
    .where({ channel: 'phone' })
    .whereNull('call_id')
    .whereNotNull('caller_phone')
    .orderBy('created_at', 'desc')
    .limit(4)
    .select(cols.map((c) => c.replace('tickets.', '')));
  const { id: ctiKeyId } = await s.ctiKeys.issue(SYSTEM, '呼叫中心录音（演示）');
  const seen = new Set<number>();
  for (const t of [...appealed, ...latest]) {
    if (seen.has(t.id)) continue;
    seen.add(t.id);
    const created = fromDbTime(t.created_at)!;
    // The call began a few minutes before the order was written and ended as it was saved.
    const talk = 180 + (t.id % 7) * 40;
    clock.set(new Date(created.getTime() + 60_000));
    const operator = cast.operators.find((o) => o.id === t.created_by) ?? cast.operators[0];
    const { call } = await s.calls.record(
      { ctiKeyId },
      {
        caller_phone: t.caller_phone,
        started_at: new Date(created.getTime() - talk * 1000).toISOString(),
        answered: true,
        wait_s: 6 + (t.id % 9),
        talk_s: talk,
        operator_id: operator.id,
        external_id: `demo-recorded-${t.number}`,
        recording_ref: demoRecordingRef(t.number),
      },
    );
    // The order was made from this call (as the console links it when the operator types the order).
    await callsRepository.linkTicket(s.db, call.id, t.id);
  }
}
