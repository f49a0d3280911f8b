// An order sent down by an upstream platform (上级平台, docs/integration.md "Orders from an upstream"): the mark the
// dispatch queue shows beside its title, and the origin on its page (the platform, its id, its deadline). The
// words are the shared catalogue's (server/i18n/upstream.ts).
import './upstream-origin.css';
import { t } from '../i18n.ts';
import { h, type Child } from './dom.ts';
import { fmtShort, fmtTime } from './format.ts';

export interface UpstreamOrigin {
  peer_code: string;
  peer_name: string;
  upstream_id: string;
  received_at: string | null;
  due_at: string | null;
  category_code: string | null;
  area_code: string | null;
}

/** The mark in a list: the platform's name, with its id and deadline beside it. */
export function upstreamMark(u: UpstreamOrigin | null | undefined): Child {
  if (!u) return null;
  const due = u.due_at ? ` · ${t('upstream.due')} ${fmtShort(u.due_at)}` : '';
  return h(
    'span',
    { class: 'upstream-mark', 'data-upstream': u.upstream_id },
    h('span', { class: 'badge upstream' }, `${t('upstream.origin')}：${u.peer_name}`),
    ' ',
    h('small', { class: 'muted' }, `${u.upstream_id}${due}`),
  );
}

const fact = (label: string, value: Child, key: string) => [
  h('dt', null, label),
  h('dd', { 'data-upstream-fact': key }, value ?? '—'),
];

/** The origin on the order's page; at dispatch the reply deadline is the sooner of the upstream's and ours. */
export function upstreamSection(u: UpstreamOrigin | null | undefined): Child {
  if (!u) return null;
  return h(
    'section',
    { class: 'upstream-origin', id: 'upstream-origin' },
    h('h4', null, t('upstream.sentDown')),
    h(
      'dl',
      { class: 'facts' },
      fact(t('upstream.origin'), u.peer_name, 'peer'),
      fact(t('upstream.id'), u.upstream_id, 'id'),
      fact(t('upstream.received'), fmtTime(u.received_at), 'received'),
      fact(t('upstream.due'), u.due_at ? fmtTime(u.due_at) : null, 'due'),
      u.category_code ? fact(t('upstream.categoryCode'), u.category_code, 'category') : null,
      u.area_code ? fact(t('upstream.areaCode'), u.area_code, 'area') : null,
    ),
    u.due_at ? h('p', { class: 'muted small' }, t('upstream.dueApplies')) : null,
  );
}
