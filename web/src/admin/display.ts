// Read-only links for wall screens (大屏): /dashboard?display=<token>, shown once when issued, revocable.
import { get, post } from '../api.ts';
import { t } from '../i18n.ts';
import { h } from '../ui/dom.ts';
import { dialog } from '../ui/form.ts';
import { fmtTime } from '../ui/format.ts';
import { block, rowButton, type Block } from './crud.ts';

interface Link {
  id: number;
  name: string;
  created_at: string;
  revoked: boolean;
  url?: string;
}

export function displayTab() {
  const b: Block<Link> = block<Link>({
    id: 'display',
    formTitle: t('a.newDisplay'),
    submitLabel: t('a.issue'),
    intro: h('p', { class: 'muted small' }, t('a.displayHint')),
    columns: [
      { label: t('a.name'), cell: (l) => l.name },
      { label: t('a.issued'), cell: (l) => fmtTime(l.created_at), class: 'nowrap' },
      {
        label: t('a.state'),
        cell: (l) =>
          l.revoked
            ? h('span', { class: 'badge' }, t('a.revoked'))
            : h('span', { class: 'badge r-approved' }, t('a.active')),
      },
      {
        label: '',
        cell: (l) =>
          l.revoked
            ? null
            : rowButton(
                t('a.revoke'),
                () => post(`/display-links/${l.id}/revoke`),
                () => b.list.reload(),
                t('a.revokedDone'),
              ),
      },
    ],
    load: () => get('/display-links'),
    fields: [{ name: 'name', label: t('a.screenName'), required: true, placeholder: '指挥大厅东墙大屏' }],
    create: (v) => post('/display-links', v),
    created: (l) => {
      // The token exists only in this answer: the link is shown now or never.
      const url = l.url ?? '';
      dialog({
        title: t('a.displayLink'),
        intro: [
          h('p', null, t('a.displayOnce')),
          h('p', { class: 'secret', id: 'display-url' }, h('a', { href: url, target: '_blank' }, url)),
        ],
        fields: [],
        submitLabel: t('a.copied'),
        notice: true,
        submit: async () => {},
      });
      return t('a.created').replace('{name}', l.name);
    },
  });
  return b;
}
