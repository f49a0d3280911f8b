// 通话录音 on an order's page and beside an appeal (docs/rules/attachments.md "Call recordings"): the calls the order
// was made from, each with a player when the telephone system recorded it. The player asks for nothing until it is
// played (preload none): every play is audited, so opening the page must not count as listening.
import { get } from '../api.ts';
import { say, t } from '../i18n.ts';
import { fill, h } from './dom.ts';

interface TicketCall {
  id: number;
  started_at: string;
  answered: boolean;
  talk_s: number;
  caller_phone: string | null;
  recording_ref: string | null;
}

/** Who may play a recording; others (administrators, handlers) see no player and are not asked to. */
const PLAYERS = ['operator', 'supervisor'];

/** The order's calls with their players; empty and hidden for a reader who cannot play, or an order with no call. */
export function callRecordings(ticketId: number, role: string): HTMLElement {
  const el = h('div', { class: 'card stack small', id: 'call-recordings', hidden: true });
  if (!PLAYERS.includes(role)) return el;
  void get<{ items: TicketCall[]; recordings_configured: boolean }>(`/tickets/${ticketId}/calls`)
    .then(({ items, recordings_configured }) => {
      if (!items.length) return;
      const rows = items.map((c) =>
        h(
          'li',
          { 'data-call': c.id },
          say('recording.call', { at: c.started_at, talk: c.talk_s }),
          ' ',
          !c.recording_ref
            ? h('span', { class: 'muted' }, say('recording.none'))
            : recordings_configured
              ? player(c.id)
              : h('span', { class: 'muted' }, say('recording.notConfigured')),
        ),
      );
      fill(
        el,
        h('h3', null, t('recording.title')),
        h('ul', null, rows),
        h('p', { class: 'muted' }, t('recording.audited')),
      );
      el.hidden = false;
    })
    .catch(() => {
      // The calls are an aid to reading the order: without them the page reads as before.
    });
  return el;
}

/** An audio player of the call's recording, fetched from the service (which streams it from the telephone system). */
export function player(callId: number): HTMLElement {
  return h('audio', {
    controls: true,
    preload: 'none',
    src: `/api/v1/calls/${callId}/recording`,
    title: `${t('recording.play')} ${t('recording.recording')}`,
    'aria-label': `${t('recording.play')} ${t('recording.recording')}`,
  });
}
