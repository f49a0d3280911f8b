// 状态同步: the line under an order's facts naming the connected systems its changes are posted to (an upstream
// platform, a linkage partner), with how many of its messages were delivered, wait, or keep failing
// (GET /tickets/:id `feeds`, server/domain/peers/ticket-feeds.repository.ts).
import { say } from '../i18n.ts';
import { h, type Child } from './dom.ts';

export interface TicketFeed {
  peer_code: string;
  peer_name: string;
  kind: 'upstream' | 'linkage';
  ref: string;
  delivered: number;
  pending: number;
  failing: number;
}

const word = (key: string, params: Record<string, string | number>) => say(key, params) ?? key;

export function feedLines(feeds: TicketFeed[] | undefined): Child {
  if (!feeds?.length) return null;
  return feeds.map((f) =>
    h(
      'p',
      { class: 'muted small', 'data-feed': f.peer_code, title: word('feed.ref', { ref: f.ref }) },
      word('feed.syncedTo', { peer: f.peer_name }),
      ' · ',
      word('feed.counts', { delivered: f.delivered, pending: f.pending }),
      f.failing ? [' ', h('span', { class: 'badge red' }, word('feed.failing', { failing: f.failing }))] : null,
    ),
  );
}
