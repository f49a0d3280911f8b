// How a linked order (联动工单) reads in answers: the list, the ticket's `linkage`, a send's and a status post's answer.
import type { Executor } from '../../lib/db.ts';
import { iso } from '../../lib/time.ts';
import { linkageRepository, type LinkageListed } from './linkage.repository.ts';

export function linkageView(r: LinkageListed) {
  return {
    id: r.id,
    direction: r.direction,
    partner: r.partner,
    peer: { code: r.peer_code, name: r.peer_name },
    ref: r.ref,
    ticket: { id: r.ticket_id, number: r.number, title: r.title },
    status: r.current_status,
    reason: r.reason,
    note: r.note,
    received_at: iso(r.received_at),
    accepted_at: iso(r.accepted_at),
    finished_at: iso(r.finished_at),
    status_at: iso(r.status_at),
    created_at: iso(r.created_at),
    updated_at: iso(r.updated_at),
    version: r.version,
  };
}
export type LinkageView = ReturnType<typeof linkageView>;

/** A ticket's linked orders, both directions, oldest first (the ticket view's `linkage`). */
export async function linkageOf(db: Executor, ticketId: number): Promise<LinkageView[]> {
  return (await linkageRepository.ofTicket(db, ticketId)).map(linkageView);
}
