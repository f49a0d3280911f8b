// What a department handler can do to an order: contact the resident first (显示号码, 已联系), sign (签收), return
// (退单), ask for an extension (延期) or a suspension (挂起), resume, and reply (答复). Only the actions the server
// lists for this reader now (the ticket's allowed_actions, computed by the rules the actions check) are offered.
import { post } from '../api.ts';
import { t } from '../i18n.ts';
import { h } from '../ui/dom.ts';
import { fmtTime } from '../ui/format.ts';
import { named } from '../ui/names.ts';
import { dialog, field } from '../ui/form.ts';
import { busy, onSubmit, showError } from '../ui/notice.ts';
import type { Done } from '../ui/pane.ts';
import { revealPhone } from '../ui/reveal-phone.ts';
import { contactButton } from '../ui/contact-form.ts';
import type { TicketDetail } from '../ui/ticket.ts';
import { publicSettings, withValues } from '../ui/settings.ts';
import { chain } from '../levels/chain.ts';
import { passDownButton } from '../levels/pass-down.ts';
import { coPendingField } from '../console/co-handling-view.ts';
import { proofPicker } from '../ui/attachment-picker.ts';

function requestButton(
  tk: TicketDetail,
  done: Done,
  o: { action: string; label: string; days?: boolean; intro: string; message: string },
) {
  return h(
    'button',
    {
      type: 'button',
      class: 'secondary',
      'data-action': o.action,
      onclick: async () => {
        // The working days a return or an extension may take are the server's settings, said as it applies them.
        const s = await publicSettings();
        const values = { days: s.return_within_workdays, max: s.max_extension_workdays };
        const max = s.max_extension_workdays;
        dialog({
          title: o.label,
          intro: withValues(o.intro, values),
          submitLabel: t('i.submitRequest'),
          fields: [
            ...(o.days
              ? [
                  {
                    name: 'days',
                    label: t('i.days'),
                    type: 'number' as const,
                    min: 1,
                    max,
                    value: Math.min(3, max),
                    hint: withValues(t('i.daysHint'), values),
                  },
                ]
              : []),
            { name: 'reason', label: t('t.reason'), type: 'textarea' as const, required: true, rows: 3 },
          ],
          submit: async (v) => {
            await post(`/tickets/${tk.id}/${o.action}`, { version: tk.version, ...v });
            await done(o.message);
          },
        });
      },
    },
    o.label,
  );
}

/** 不合理诉求: the kind from the configured list and the reason; a supervisor decides. */
function unreasonableButton(tk: TicketDetail, done: Done) {
  return h(
    'button',
    {
      type: 'button',
      class: 'secondary',
      'data-action': 'unreasonable',
      onclick: async () => {
        const kinds = (await publicSettings()).unreasonable_kinds;
        dialog({
          title: t('unreasonable.apply'),
          intro: t('i.unreasonableIntro'),
          submitLabel: t('unreasonable.submit'),
          fields: [
            {
              name: 'kind',
              label: t('unreasonable.kind'),
              type: 'select' as const,
              required: true,
              options: [['', '—'], ...kinds.map((k): [string, string] => [k, named('unreasonable.kind', k)])],
            },
            { name: 'reason', label: t('unreasonable.reason'), type: 'textarea' as const, required: true, rows: 3 },
          ],
          submit: async (v) => {
            await post(`/tickets/${tk.id}/unreasonable`, { version: tk.version, ...v });
            await done(t('i.requested'));
          },
        });
      },
    },
    t('unreasonable.apply'),
  );
}

function simple(tk: TicketDetail, done: Done, action: string, label: string, message: string, cls = 'primary') {
  const b: HTMLButtonElement = h(
    'button',
    {
      type: 'button',
      class: cls,
      'data-action': action,
      onclick: async () => {
        try {
          await busy(b, () => post(`/tickets/${tk.id}/${action}`, { version: tk.version }));
          await done(message);
        } catch (err) {
          showError(err, b.closest('.ticket-actions'));
        }
      },
    },
    label,
  );
  return b;
}

function replyForm(tk: TicketDetail, done: Done): HTMLFormElement {
  const proof = proofPicker(tk);
  const form = h(
    'form',
    { class: 'stack', 'data-action': 'reply' },
    field({
      name: 'resolution',
      label: t('i.resolution'),
      type: 'textarea',
      rows: 4,
      required: true,
      placeholder: t('i.resolutionHint'),
    }),
    // 会办: while co-units have not replied, the reply says why it does not wait (co-handling-view.ts).
    coPendingField(tk),
    // 办结佐证 (or a rectification order's 整改材料): uploaded when chosen, stored before the reply goes.
    proof.el,
    h('p', { class: 'error', role: 'alert' }),
    h('button', { type: 'submit', class: 'primary' }, t('i.reply')),
  );
  onSubmit(form, async (v) => {
    await proof.settled();
    await post(`/tickets/${tk.id}/reply`, { version: tk.version, ...v });
    await done(t('i.replied'));
  });
  return form;
}

/** 先联系后办理: the caller's number on request (the server audits each reveal), and the contact in one click. */
function contactArea(tk: TicketDetail, done: Done, can: (a: string) => boolean): HTMLElement | null {
  const reveal = can('reveal_phone') ? revealPhone(tk.id, { 'data-action': 'reveal_phone' }, '.ticket-actions') : null;
  const contact = can('contact')
    ? contactButton(tk, done, {
        label: t('i.contact'),
        message: t('i.contactRecorded'),
        attrs: { 'data-action': 'contact' },
      })
    : null;
  const contacted = tk.contacted_at
    ? h(
        'p',
        { class: 'muted small', 'data-contacted': '' },
        t('i.contactedAt').replace('{time}', fmtTime(tk.contacted_at)),
      )
    : null;
  if (!reveal && !contact && !contacted) return null;
  return h(
    'div',
    { class: 'contact' },
    h('h4', null, t('i.contactHead')),
    contacted,
    reveal || contact ? h('div', { class: 'actions' }, reveal, contact) : null,
  );
}

export function handlerActions(tk: TicketDetail, done: Done) {
  const allowed = new Set(tk.allowed_actions ?? []);
  const can = (a: string) => allowed.has(a);
  const request = (action: string, label: string, intro: string, days = false) =>
    can(action) ? requestButton(tk, done, { action, label, intro, days, message: t('i.requested') }) : null;
  const waiting = tk.requests
    .filter((r) => r.status === 'pending')
    .map((r) => h('p', { class: 'muted small' }, t('i.waiting').replace('{kind}', t(`kind.${r.kind}`))));
  const buttons = [
    can('sign') ? simple(tk, done, 'sign', t('i.sign'), t('i.signed')) : null,
    can('resume') ? simple(tk, done, 'resume', t('i.resume'), t('i.resumed')) : null,
    request('extension', t('i.extension'), t('i.extensionIntro'), true),
    request('suspend', t('i.suspend'), t('i.suspendIntro')),
    request('return', t('i.return'), t('i.returnIntro')),
    can('unreasonable') ? unreasonableButton(tk, done) : null,
    passDownButton(tk, done),
  ].filter(Boolean);
  const contact = contactArea(tk, done, can);
  const reply = can('reply') ? replyForm(tk, done) : null;
  // 流转链: the levels below the hotline's dispatch, with what this unit may do on its own level or those below it.
  const levels = chain(tk, done);
  if (!contact && !reply && !buttons.length && !waiting.length && !levels) return null;
  return [
    h('p', { class: 'error', role: 'alert' }),
    ...waiting,
    levels,
    contact,
    tk.status === 'suspended' ? h('p', { class: 'muted' }, t('i.suspendedNote')) : null,
    reply,
    buttons.length ? h('div', { class: 'actions' }, buttons) : null,
  ];
}
