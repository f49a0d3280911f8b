// 通话记录 on the operator's console: the hotline's latest calls, answered and missed, numbers masked, with the order
// each was made into and a player for those the telephone system recorded (docs/rules/attachments.md "Call
// recordings"; each play audited, nothing fetched until played).
import { get } from '../api.ts';
import { say, t } from '../i18n.ts';
import { h } from '../ui/dom.ts';
import { fmtTime } from '../ui/format.ts';
import { player } from '../ui/call-recordings.ts';
import { ListView } from '../ui/table.ts';
import { qs } from '../ui/data.ts';

interface LoggedCall {
  id: number;
  started_at: string;
  caller_phone: string | null;
  answered: boolean;
  talk_s: number;
  ticket_id: number | null;
  recording_ref: string | null;
  /** 转接: 110/119/120/122 when the call was put through to it. */
  transferred_to?: string | null;
}

export class CallLog {
  readonly el: HTMLElement;
  readonly list: ListView<LoggedCall>;
  /** Whether the telephone system is set up to play recordings (RECORDING_URL), as the last page said. */
  private configured = true;

  constructor() {
    this.list = new ListView<LoggedCall>({
      columns: [
        { label: say('recording.col.time') ?? '', cell: (c) => fmtTime(c.started_at), class: 'nowrap' },
        { label: say('recording.col.phone') ?? '', cell: (c) => c.caller_phone ?? '—', class: 'nowrap' },
        {
          label: say('recording.col.answered') ?? '',
          cell: (c) => say(c.answered ? 'recording.answered' : 'recording.missed'),
          class: 'nowrap',
        },
        { label: say('recording.col.talk') ?? '', cell: (c) => `${c.talk_s}s`, class: 'nowrap' },
        {
          label: say('linkage.col.transferred') ?? '',
          cell: (c) => (c.transferred_to ? (say(`linkage.partner.${c.transferred_to}`) ?? c.transferred_to) : '—'),
          class: 'nowrap',
        },
        {
          label: say('recording.col.order') ?? '',
          cell: (c) => (c.ticket_id ? h('a', { href: `/tickets/${c.ticket_id}` }, `#${c.ticket_id}`) : '—'),
        },
        {
          label: t('recording.recording'),
          cell: (c) =>
            !c.recording_ref
              ? '—'
              : this.configured
                ? player(c.id)
                : h('span', { class: 'muted' }, say('recording.notConfigured')),
        },
      ],
      load: async (q) => {
        const page = await get<{ items: LoggedCall[]; total: number; recordings_configured?: boolean }>(
          `/calls${qs({ page: q.page, per_page: q.per_page })}`,
        );
        this.configured = page.recordings_configured !== false;
        return page;
      },
      rowKey: (c) => c.id,
      empty: say('recording.noCallsLogged') ?? '',
    });
    this.el = h('div', { id: 'call-log' }, h('p', { class: 'muted' }, t('recording.audited')), this.list.el);
  }
}
