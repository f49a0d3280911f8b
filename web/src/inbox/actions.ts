// What a department handler can do to an order: sign (签收), return (退单), ask for an extension (延期) or a
// suspension (挂起), resume, and reply (答复). The server decides; the buttons follow the order's status.
import { post } from '../api.ts';
import { t } from '../i18n.ts';
import { h } from '../ui/dom.ts';
import { dialog, field } from '../ui/form.ts';
import { busy, onSubmit, showError } from '../ui/notice.ts';
import type { Done } from '../ui/pane.ts';
import type { TicketDetail } from '../ui/ticket.ts';

function requestButton(tk: TicketDetail, done: Done, o: { action: string; label: string; days?: boolean; intro: string; message: string }) {
  return h('button', {
    type: 'button', class: 'secondary', 'data-action': o.action,
    onclick: () => dialog({
      title: o.label, intro: o.intro, submitLabel: t('i.submitRequest'),
      fields: [
        ...(o.days ? [{ name: 'days', label: t('i.days'), type: 'number' as const, min: 1, max: 10, value: 3, hint: t('i.daysHint') }] : []),
        { name: 'reason', label: t('t.reason'), type: 'textarea' as const, required: true, rows: 3 },
      ],
      submit: async (v) => {
        await post(`/tickets/${tk.id}/${o.action}`, { version: tk.version, ...v });
        await done(o.message);
      },
    }),
  }, o.label);
}

function simple(tk: TicketDetail, done: Done, action: string, label: string, message: string, cls = 'primary') {
  const b: HTMLButtonElement = h('button', {
    type: 'button', class: cls, 'data-action': action,
    onclick: async () => {
      try {
        await busy(b, () => post(`/tickets/${tk.id}/${action}`, { version: tk.version }));
        await done(message);
      } catch (err) {
        showError(err, b.closest('.ticket-actions'));
      }
    },
  }, label);
  return b;
}

function replyForm(tk: TicketDetail, done: Done): HTMLFormElement {
  const form = h('form', { class: 'stack', 'data-action': 'reply' },
    field({ name: 'resolution', label: t('i.resolution'), type: 'textarea', rows: 4, required: true, placeholder: t('i.resolutionHint') }),
    h('p', { class: 'error', role: 'alert' }),
    h('button', { type: 'submit', class: 'primary' }, t('i.reply')));
  onSubmit(form, async (v) => {
    await post(`/tickets/${tk.id}/reply`, { version: tk.version, ...v });
    await done(t('i.replied'));
  });
  return form;
}

export function handlerActions(tk: TicketDetail, done: Done) {
  const pending = (kind: string) => tk.requests.some((r) => r.kind === kind && r.status === 'pending');
  // One extension per ticket (SPEC): a pending or approved one closes the door.
  const extended = tk.requests.some((r) => r.kind === 'extension' && (r.status === 'pending' || r.status === 'approved'));
  const ret = pending('return') ? null : requestButton(tk, done, { action: 'return', label: t('i.return'), intro: t('i.returnIntro'), message: t('i.requested') });
  const ext = extended ? null : requestButton(tk, done, { action: 'extension', label: t('i.extension'), days: true, intro: t('i.extensionIntro'), message: t('i.requested') });
  const waiting = tk.requests.filter((r) => r.status === 'pending').map((r) => h('p', { class: 'muted small' }, t('i.waiting').replace('{kind}', t(`kind.${r.kind}`))));
  const area = (...children: unknown[]) => [h('p', { class: 'error', role: 'alert' }), ...waiting, ...(children as HTMLElement[])];
  if (tk.status === 'dispatched') {
    return area(h('div', { class: 'actions' }, simple(tk, done, 'sign', t('i.sign'), t('i.signed')), ret, ext));
  }
  if (tk.status === 'accepted') {
    const suspend = pending('suspension') ? null : requestButton(tk, done, { action: 'suspend', label: t('i.suspend'), intro: t('i.suspendIntro'), message: t('i.requested') });
    return area(replyForm(tk, done), h('div', { class: 'actions' }, ext, suspend, ret));
  }
  if (tk.status === 'suspended') {
    return area(h('p', { class: 'muted' }, t('i.suspendedNote')), h('div', { class: 'actions' }, simple(tk, done, 'resume', t('i.resume'), t('i.resumed'))));
  }
  return null;
}
