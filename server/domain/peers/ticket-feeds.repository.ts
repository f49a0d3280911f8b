// ticket_feeds (who hears of a ticket's changes) as the status feed and the ticket page read them. Written by the
// orders' own creators (upstream orders, incoming linkage orders), never here.
import type { Executor } from '../../lib/db.ts';
import type { LinkagePartner, PeerKind } from './peer.types.ts';
import type { FedTicket } from './ticket-feed.ts';

/** A ticket's feed with the peer it posts to. */
export interface FeedRow {
  ticket_id: number;
  peer_id: number;
  kind: 'upstream' | 'linkage';
  ref: string;
  peer_code: string;
  peer_name: string;
  peer_kind: PeerKind;
  partner: LinkagePartner | null;
}

/** How one feed's messages stand in the outbox (the ticket page's line). */
export interface FeedCounts {
  peer_code: string;
  peer_name: string;
  kind: 'upstream' | 'linkage';
  ref: string;
  delivered: number;
  pending: number;
  failing: number;
}

export const feedStream = (ticketId: number) => `ticket:${ticketId}`;

const feedsOf = (db: Executor) =>
  db('ticket_feeds as f')
    .join('peers as p', 'p.id', 'f.peer_id')
    .select(
      'f.ticket_id',
      'f.peer_id',
      'f.kind',
      'f.ref',
      'p.code as peer_code',
      'p.name as peer_name',
      'p.kind as peer_kind',
      'p.partner',
    );

export const ticketFeedsRepository = {
  /** The feeds of these tickets whose peer is active (a peer switched off hears nothing new). */
  async activeFeeds(db: Executor, ticketIds: number[]): Promise<FeedRow[]> {
    if (ticketIds.length === 0) return [];
    return feedsOf(db).whereIn('f.ticket_id', ticketIds).where('p.active', true).orderBy('f.id');
  },

  /** Of these tickets, the ones with a feed (tickets.peer_feed), as a message names them: one statement a batch. */
  async fedAmong(db: Executor, ticketIds: number[]): Promise<FedTicket[]> {
    if (ticketIds.length === 0) return [];
    return db('tickets')
      .whereIn('id', ticketIds)
      .where('peer_feed', true)
      .select('id', 'number', 'status', 'department_id', 'peer_feed');
  },

  async departmentName(db: Executor, id: number): Promise<string | null> {
    const row: { name: string } | undefined = await db('departments').where({ id }).first('name');
    return row?.name ?? null;
  },

  /**
   * Every feed of a ticket (active or not) with its messages counted: delivered = sent; failing = refused for good
   * (failed, replayable) or waiting after a failed attempt; pending = queued, not yet tried (or being sent).
   */
  async counts(db: Executor, ticketId: number): Promise<FeedCounts[]> {
    const feeds: FeedRow[] = await feedsOf(db).where('f.ticket_id', ticketId).orderBy('f.id');
    if (feeds.length === 0) return [];
    const rows: Array<{ peer_id: number; status: string; retried: number | string; n: number | string }> = await db(
      'outbox',
    )
      .where({ kind: 'webhook', stream: feedStream(ticketId) })
      .whereIn(
        'peer_id',
        feeds.map((f) => f.peer_id),
      )
      .groupBy('peer_id', 'status', db.raw('(last_error is not null)'))
      .select('peer_id', 'status', db.raw('(last_error is not null) as retried'), db.raw('count(*) as n'));
    return feeds.map((f) => {
      const c = { delivered: 0, pending: 0, failing: 0 };
      for (const r of rows.filter((x) => x.peer_id === f.peer_id)) {
        const n = Number(r.n);
        if (r.status === 'sent' || r.status === 'suppressed') c.delivered += n;
        else if (r.status === 'failed' || Number(r.retried)) c.failing += n;
        else c.pending += n;
      }
      return { peer_code: f.peer_code, peer_name: f.peer_name, kind: f.kind, ref: f.ref, ...c };
    });
  },
};
