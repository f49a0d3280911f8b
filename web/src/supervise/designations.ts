// 指定承办 on the supervise page: orders returned three times wait here with their history (each unit that returned
// them, why and when); the supervisor chooses the unit responsible, says why, and designates it (POST
// /tickets/:id/designate). Below, the latest designations (docs/rules/work-orders.md "Disputes and designation").
import '../console/co-handling.css';
import { get, post } from '../api.ts';
import { t } from '../i18n.ts';
import { h, fill } from '../ui/dom.ts';
import { field } from '../ui/form.ts';
import { fmtShort } from '../ui/format.ts';
import { onSubmit } from '../ui/notice.ts';
import { toast } from '../ui/toast.ts';
import { loadDepartments } from '../ui/data.ts';
import type { Ticket } from '../ui/ticket.ts';

interface Return {
  department_name: string | null;
  reason: string;
  requested_at: string;
  approved_at: string | null;
}

interface Disputes {
  returns_before_designation: number;
  awaiting: { ticket: Ticket; returns: Return[] }[];
  designations: {
    ticket: Ticket;
    department_name: string;
    note: string;
    designated_by_name: string | null;
    designated_at: string;
  }[];
}

const history = (returns: Return[]) =>
  h(
    'ol',
    { class: 'returns' },
    returns.map((r) =>
      h(
        'li',
        null,
        h('strong', null, r.department_name ?? '—'),
        ` · ${fmtShort(r.approved_at ?? r.requested_at)}`,
        h('div', { class: 'muted small' }, r.reason),
      ),
    ),
  );

export class DesignationQueue {
  readonly el = h('div', { class: 'designation-queue' });

  constructor(private readonly counted: (n: number) => void) {}

  async load(): Promise<void> {
    const [d, departments] = await Promise.all([get<Disputes>('/disputes'), loadDepartments()]);
    this.counted(d.awaiting.length);
    const units = departments.filter((x) => x.active).map((x): [number, string] => [x.id, x.name]);
    fill(
      this.el,
      h('h3', null, t('disputes.title')),
      d.awaiting.length ? null : h('p', { class: 'muted', id: 'no-disputes' }, t('disputes.none')),
      d.awaiting.map(({ ticket, returns }) => this.card(ticket, returns, units)),
      h('h3', null, t('disputes.recent')),
      d.designations.length
        ? h(
            'table',
            { id: 'designations' },
            h(
              'tbody',
              null,
              d.designations.map((x) =>
                h(
                  'tr',
                  { 'data-ticket-id': String(x.ticket.id) },
                  h(
                    'td',
                    null,
                    h('a', { href: `/tickets/${x.ticket.id}` }, x.ticket.number),
                    h('div', null, x.ticket.title),
                  ),
                  h('td', null, h('strong', null, x.department_name), h('div', { class: 'muted small' }, x.note)),
                  h('td', { class: 'nowrap' }, fmtShort(x.designated_at), h('div', null, x.designated_by_name ?? '')),
                ),
              ),
            ),
          )
        : h('p', { class: 'muted' }, t('ui.empty')),
    );
  }

  private card(ticket: Ticket, returns: Return[], units: [number, string][]): HTMLElement {
    const form = h(
      'form',
      { 'data-action': 'designate' },
      field({
        name: 'department_id',
        label: t('disputes.unit'),
        type: 'select',
        options: [['', t('disputes.pickUnit')], ...units],
        required: true,
      }),
      field({ name: 'note', label: t('disputes.note'), required: true }),
      h('button', { type: 'submit', class: 'primary' }, t('disputes.designate')),
      h('p', { class: 'error', role: 'alert' }),
    );
    onSubmit(form, async (v) => {
      await post(`/tickets/${ticket.id}/designate`, { version: ticket.version, ...v });
      toast(t('disputes.designated'));
      await this.load();
    });
    return h(
      'article',
      { class: 'dispute', 'data-ticket-id': String(ticket.id) },
      h('h4', null, h('a', { href: `/tickets/${ticket.id}` }, ticket.number), ' ', ticket.title),
      h('p', { class: 'muted small' }, t('disputes.history'), ` (${returns.length})`),
      history(returns),
      form,
    );
  }
}
