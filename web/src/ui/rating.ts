// A review (好差评) on screen, for the department that rectifies and appeals it and the supervisor who decides.
import { t } from '../i18n.ts';
import { h, type Child } from './dom.ts';
import { fmtTime } from './format.ts';
import { named } from './names.ts';
import type { Column } from './table.ts';

export interface Rating {
  id: number;
  score: number;
  channel: string;
  department_id: number | null;
  window_name: string | null;
  staff_name: string | null;
  staff_no: string | null;
  ticket_id: number | null;
  reason: string | null;
  comment: string | null;
  rated_at: string;
  voided: boolean;
  rectification_ticket_id: number | null;
  /** Held in a burst (异常评价) until a supervisor confirms or voids it: counted nowhere meanwhile. */
  flagged?: boolean;
  appeal: null | {
    id: number;
    status: string;
    reason: string;
    decision_note: string | null;
    created_at: string;
    decided_at: string | null;
  };
}

export const scoreBadge = (r: Rating) =>
  h('span', { class: `badge score-${r.score} ${r.score <= 2 ? 'red' : ''}` }, `${r.score} ${named('score', r.score)}`);

export function ratingState(r: Rating): Child {
  return [
    r.appeal ? h('span', { class: `badge appeal-${r.appeal.status}` }, named('appeal', r.appeal.status)) : null,
    r.voided ? h('span', { class: 'badge' }, t('r.voided')) : null,
    r.flagged ? h('span', { class: 'badge held', title: t('r.heldTitle') }, t('r.held')) : null,
  ];
}

const where = (r: Rating) =>
  [r.window_name, r.staff_name ? `${r.staff_name}${r.staff_no ? `（${r.staff_no}）` : ''}` : null]
    .filter(Boolean)
    .join(' · ') || '—';

export const ratingColumns = (extra: Column<Rating>[] = []): Column<Rating>[] => [
  { label: t('r.ratedAt'), cell: (r) => fmtTime(r.rated_at), class: 'nowrap' },
  { label: t('r.score'), cell: scoreBadge },
  ...extra,
  { label: t('r.channel'), cell: (r) => named('rchannel', r.channel), class: 'nowrap' },
  { label: t('r.where'), cell: where },
  { label: t('t.reason'), cell: (r) => r.reason ?? '—' },
  { label: t('t.status'), cell: ratingState },
];

export function ratingCard(r: Rating, actions?: Child): HTMLElement {
  return h(
    'article',
    { class: 'rating', 'data-rating': r.id },
    h('h3', null, scoreBadge(r), ' ', ratingState(r)),
    h(
      'dl',
      { class: 'facts' },
      h('dt', null, t('r.ratedAt')),
      h('dd', null, fmtTime(r.rated_at)),
      h('dt', null, t('r.channel')),
      h('dd', null, named('rchannel', r.channel)),
      h('dt', null, t('r.where')),
      h('dd', null, where(r)),
    ),
    h('h4', null, t('t.reason')),
    h('p', { class: 'text' }, r.reason ?? '—'),
    r.comment ? [h('h4', null, t('r.comment')), h('p', { class: 'text' }, r.comment)] : null,
    r.appeal
      ? [
          h('h4', null, t('r.appeal')),
          h('p', { class: 'text' }, r.appeal.reason),
          h(
            'p',
            { class: 'muted small' },
            fmtTime(r.appeal.created_at),
            r.appeal.decision_note ? ` · ${t('r.decisionNote')}：${r.appeal.decision_note}` : '',
          ),
        ]
      : null,
    actions ? h('div', { class: 'ticket-actions' }, actions) : null,
  );
}
