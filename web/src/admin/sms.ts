// 短信 (docs/rules/messages.md): the wording of each event's text, the recent texts with their delivery receipts
// (numbers masked, words withheld by the server), and the numbers that opted out (退订).
import { del, get, put } from '../api.ts';
import { say, t } from '../i18n.ts';
import { h, fill } from '../ui/dom.ts';
import { field } from '../ui/form.ts';
import { fmtTime } from '../ui/format.ts';
import { onSubmit, toast } from '../ui/notice.ts';
import { ListView } from '../ui/table.ts';
import { rowButton } from './crud.ts';

interface Template {
  key: string;
  text: string;
  default_text: string;
  names: string[];
  customised: boolean;
  updated_at: string | null;
}

interface Text {
  id: number;
  message_id: string;
  to: string;
  template: string | null;
  urgent: boolean;
  status: string;
  attempts: number;
  last_error: string | null;
  sent_at: string | null;
  delivery_status: string | null;
  delivered_at: string | null;
  created_at: string;
}

interface OptOut {
  phone: string;
  source: string;
  created_at: string;
}

const word = (key: string, params?: Record<string, string | string[]>) => say(key, params) ?? key;
const event = (key: string | null) => (key ? word(`sms.event.${key}`) : '');

function receipt(m: Text): HTMLElement {
  if (!m.delivery_status) return h('span', { class: 'muted' }, word('sms.receipt.none'));
  const known = m.delivery_status === 'delivered' || m.delivery_status === 'failed';
  const label = known ? word(`sms.receipt.${m.delivery_status}`) : m.delivery_status;
  const cls = m.delivery_status === 'delivered' ? 'badge r-approved' : 'badge';
  return h(
    'span',
    { class: 'receipt' },
    h('span', { class: cls }, label),
    m.delivered_at ? h('small', { class: 'muted' }, ` ${fmtTime(m.delivered_at)}`) : null,
  );
}

export class SmsTab {
  readonly el: HTMLElement;
  private readonly templates = h('div', { class: 'stack', id: 'sms-templates' });
  private readonly texts = new ListView<Text>({
    columns: [
      { label: word('sms.createdAt'), cell: (m) => fmtTime(m.created_at), class: 'nowrap' },
      { label: word('sms.to'), cell: (m) => m.to, class: 'nowrap' },
      {
        label: word('sms.template'),
        cell: (m) => [event(m.template), m.urgent ? h('span', { class: 'badge' }, word('sms.urgent')) : null],
      },
      { label: word('sms.status'), cell: (m) => word(`sms.status.${m.status}`) },
      { label: word('sms.attempts'), cell: (m) => m.attempts },
      { label: word('sms.receipt'), cell: receipt },
      { label: word('sms.lastError'), cell: (m) => (m.last_error ? h('small', null, m.last_error) : '') },
    ],
    load: (q) => get(`/sms/messages?page=${q.page}`),
    perPage: 50,
    rowKey: (m) => m.id,
    empty: word('sms.noTexts'),
  });
  private readonly optOuts: ListView<OptOut> = new ListView<OptOut>({
    columns: [
      { label: word('sms.phone'), cell: (o) => o.phone, class: 'nowrap' },
      { label: word('sms.source'), cell: (o) => word(`sms.source.${o.source}`) },
      { label: word('sms.optedOutAt'), cell: (o) => fmtTime(o.created_at), class: 'nowrap' },
      {
        label: '',
        cell: (o) =>
          rowButton(
            word('sms.removeOptOut'),
            () => del(`/sms/opt-outs/${o.phone}`),
            () => this.optOuts.reload(),
            word('sms.optOutRemoved'),
          ),
      },
    ],
    load: async () => {
      const items = await get<OptOut[]>('/sms/opt-outs');
      return { items, total: items.length };
    },
    paged: false,
    rowKey: (o) => o.phone,
    empty: word('sms.noOptOuts'),
  });

  constructor() {
    this.el = h(
      'div',
      { class: 'stack', id: 'sms' },
      h(
        'section',
        { class: 'card stack' },
        h('h2', null, word('sms.templates')),
        h('p', { class: 'muted small' }, word('sms.templatesHint')),
        this.templates,
      ),
      h(
        'section',
        { class: 'card stack', id: 'sms-texts' },
        h('h2', null, word('sms.recent')),
        h('p', { class: 'muted small' }, word('sms.recentHint')),
        this.texts.el,
      ),
      h(
        'section',
        { class: 'card stack', id: 'sms-opt-outs' },
        h('h2', null, word('sms.optOuts')),
        h('p', { class: 'muted small' }, word('sms.optOutsHint')),
        this.optOuts.el,
      ),
    );
  }

  async load(): Promise<void> {
    await Promise.all([this.loadTemplates(), this.texts.reload(true), this.optOuts.reload()]);
  }

  private async loadTemplates(): Promise<void> {
    const templates = await get<Template[]>('/sms/templates');
    fill(this.templates, ...templates.map((tpl) => this.templateForm(tpl)));
  }

  private templateForm(tpl: Template): HTMLFormElement {
    const state = h(
      'small',
      { class: 'muted template-state' },
      tpl.customised && tpl.updated_at ? word('sms.customised', { at: tpl.updated_at }) : word('sms.isDefault'),
    );
    const form = h(
      'form',
      { class: 'stack sms-template', 'data-key': tpl.key },
      field({
        name: 'text',
        label: event(tpl.key),
        type: 'textarea',
        rows: 2,
        value: tpl.text,
        hint: word('sms.names', { names: tpl.names.map((n) => `{${n}}`) }),
      }),
      h('div', null, h('small', { class: 'muted' }, word('sms.default', { text: tpl.default_text }))),
      h('div', null, state),
      h('p', { class: 'error', role: 'alert' }),
      h('div', null, h('button', { type: 'submit', class: 'primary small' }, t('sms.save'))),
    );
    onSubmit(form, async (v) => {
      const saved = await put<Template>(`/sms/templates/${tpl.key}`, { text: String(v.text ?? '') });
      toast(word('sms.saved', { event: event(tpl.key) }));
      form.replaceWith(this.templateForm(saved));
    });
    return form;
  }
}
