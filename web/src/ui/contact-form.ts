// 先联系后办理: the handler records an attempt to reach the resident in a small form (when, by what means, whether it
// reached them, a note), on the ticket page, in the inbox and on a level, at a desk or on a phone. The time is the
// server's now unless the handler changes it (a contact entered after the call); the server refuses one in the
// future or before the dispatch, and its words appear beside the field.
import { post } from '../api.ts';
import { t } from '../i18n.ts';
import './contact-messages.ts';
import { h } from './dom.ts';
import { dialog } from './form.ts';
import { named } from './names.ts';
import type { Done } from './pane.ts';
import { fmtTime } from './format.ts';
import type { TicketDetail } from './ticket.ts';

export const MEANS = ['phone', 'sms', 'visit', 'other'] as const;
export const OUTCOMES = ['reached', 'unreachable'] as const;

/** Beijing's wall time of a moment as a datetime-local value (YYYY-MM-DDTHH:mm). */
const beijing = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 16);

export interface ContactAttempt {
  id: number;
  contacted_at: string;
  means: string;
  outcome: string;
  note: string | null;
  department_name: string | null;
  user_name: string | null;
}

/** The contact button: opens the form; `attrs` mark it for its place (data-action, or data-level-action). */
export function contactButton(
  tk: TicketDetail,
  done: Done,
  o: { label: string; message: string; cls?: string; attrs: Record<string, string> },
): HTMLButtonElement {
  return h(
    'button',
    {
      type: 'button',
      class: o.cls ?? 'secondary',
      ...o.attrs,
      onclick: () => {
        const shown = beijing(new Date());
        const d = dialog({
          title: t('ct.title'),
          intro: t('ct.intro'),
          submitLabel: t('ct.submit'),
          fields: [
            { name: 'contacted_at', label: t('ct.at'), type: 'datetime-local', value: shown, hint: t('ct.atHint') },
            { name: 'means', label: t('ct.means'), type: 'select', value: 'phone', options: opts('means', MEANS) },
            {
              name: 'outcome',
              label: t('ct.outcome'),
              type: 'radio',
              value: 'reached',
              options: opts('cout', OUTCOMES),
            },
            { name: 'note', label: t('ct.note'), type: 'textarea', rows: 2 },
          ],
          submit: async (v) => {
            // Left as shown: the server's now (its clock, not this device's); changed: that Beijing time.
            const at = v.contacted_at && v.contacted_at !== shown ? `${v.contacted_at}:00+08:00` : undefined;
            await post(`/tickets/${tk.id}/contact`, { version: tk.version, ...v, contacted_at: at });
            await done(o.message);
          },
        });
        d.setAttribute('data-contact-form', '');
      },
    },
    o.label,
  );
}

const opts = (prefix: string, values: readonly string[]): Array<[string, string]> =>
  values.map((v) => [v, named(prefix, v)]);

/** Every attempt to reach the resident, oldest first: when, how, whether it did, who. */
export function contactAttempts(tk: TicketDetail & { contacts?: ContactAttempt[] }): HTMLElement | null {
  if (!tk.contacts?.length) return null;
  return h(
    'section',
    { class: 'contacts', 'data-contacts': '' },
    h('h4', null, t('ct.attempts')),
    h(
      'ul',
      { class: 'requests' },
      tk.contacts.map((c) =>
        h(
          'li',
          { 'data-outcome': c.outcome },
          h('span', { class: 'muted' }, fmtTime(c.contacted_at)),
          ' ',
          h('strong', null, `${named('means', c.means)} · ${named('cout', c.outcome)}`),
          c.department_name || c.user_name
            ? h('span', { class: 'muted' }, ` ${[c.department_name, c.user_name].filter(Boolean).join(' ')}`)
            : null,
          c.note ? h('p', { class: 'note' }, c.note) : null,
        ),
      ),
    ),
  );
}
