// A supervisor's actions on an order: decide its pending requests (退单/延期/挂起/不合理诉求), issue a supervision order
// (督办), resume a suspended order.
import { post } from '../api.ts';
import { t } from '../i18n.ts';
import { h } from '../ui/dom.ts';
import { dialog, field } from '../ui/form.ts';
import { fmtTime } from '../ui/format.ts';
import { named } from '../ui/names.ts';
import { busy, onSubmit, showError } from '../ui/notice.ts';
import type { Done } from '../ui/pane.ts';
import type { TicketDetail, TicketRequest } from '../ui/ticket.ts';

const PATHS: Record<string, string> = {
  return: 'returns',
  extension: 'extensions',
  suspension: 'suspensions',
  unreasonable: 'unreasonable',
};
const OPEN = ['received', 'dispatched', 'accepted', 'suspended', 'replied'];

function decisionForm(tk: TicketDetail, r: TicketRequest, done: Done): HTMLFormElement {
  const form = h(
    'form',
    { class: 'stack decision', 'data-request': r.id, 'data-kind': r.kind },
    h(
      'h4',
      null,
      t('s.decide').replace('{kind}', named('kind', r.kind)),
      r.days ? ` · ${r.days} ${t('s.workdays')}` : '',
      r.unreasonable_kind ? ` · ${named('unreasonable.kind', r.unreasonable_kind)}` : '',
    ),
    h('p', { class: 'note' }, r.reason),
    h('p', { class: 'muted small' }, fmtTime(r.created_at)),
    field({ name: 'note', label: t('s.decisionNote') }),
    h('p', { class: 'error', role: 'alert' }),
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'submit', class: 'primary ok', 'data-approve': 'true' }, t('s.approve')),
      h('button', { type: 'submit', class: 'secondary', 'data-approve': 'false' }, t('s.reject')),
    ),
  );
  onSubmit(form, async (v, button) => {
    const approve = button?.dataset.approve === 'true';
    await post(`/tickets/${tk.id}/${PATHS[r.kind]}/${r.id}/decision`, { approve, ...v });
    await done(approve ? t('s.approved') : t('s.rejected'));
  });
  return form;
}

export function superviseButton(tk: TicketDetail, done: Done): HTMLButtonElement | null {
  if (!OPEN.includes(tk.status)) return null;
  return h(
    'button',
    {
      type: 'button',
      class: 'secondary',
      'data-action': 'supervise',
      onclick: () =>
        dialog({
          title: t('s.supervise'),
          intro: t('s.superviseIntro').replace('{number}', tk.number),
          submitLabel: t('s.supervise'),
          fields: [{ name: 'note', label: t('s.superviseNote'), type: 'textarea', required: true, rows: 3 }],
          submit: async (v) => {
            await post(`/tickets/${tk.id}/supervise`, { version: tk.version, ...v });
            await done(t('s.supervised'));
          },
        }),
    },
    t('s.supervise'),
  );
}

export function supervisorActions(tk: TicketDetail, done: Done) {
  const pending = tk.requests.filter((r) => r.status === 'pending');
  let resume: HTMLButtonElement | null = null;
  if (tk.status === 'suspended') {
    resume = h(
      'button',
      {
        type: 'button',
        class: 'secondary',
        'data-action': 'resume',
        onclick: async () => {
          try {
            await busy(resume, () => post(`/tickets/${tk.id}/resume`, { version: tk.version }));
            await done(t('s.resumed'));
          } catch (err) {
            showError(err, resume!.closest('.ticket-actions'));
          }
        },
      },
      t('s.resume'),
    );
  }
  return [
    h('p', { class: 'error', role: 'alert' }),
    ...pending.map((r) => decisionForm(tk, r, done)),
    h('div', { class: 'actions' }, superviseButton(tk, done), resume),
  ];
}
