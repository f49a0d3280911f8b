// 对接系统 (docs/integration.md "Delivery, signatures and keys"): the connected systems with their keys, a new one
// added (its key shown once, with a warning), a key rotated (the old one kept for the grace hours), and the
// webhooks that keep failing, each with 重发 (replay). Words from the shared catalogue (server/i18n/peers.ts).
import { get, post, put } from '../api.ts';
import { say } from '../i18n.ts';
import { h } from '../ui/dom.ts';
import { dialog, field } from '../ui/form.ts';
import { fmtTime } from '../ui/format.ts';
import { onSubmit, toast } from '../ui/notice.ts';
import { ListView } from '../ui/table.ts';
import { rowButton } from './crud.ts';

interface PeerKey {
  key_id: string;
  created_at: string;
  not_after: string | null;
  state: 'current' | 'grace' | 'ended';
}

interface Peer {
  id: number;
  code: string;
  name: string;
  kind: string;
  partner: string | null;
  url: string | null;
  active: boolean;
  keys: PeerKey[];
  failing: number;
}

interface Issued {
  key_id: string;
  secret: string;
}

interface Delivery {
  id: number;
  delivery: string;
  peer: string;
  event: string;
  stream: string | null;
  state: string;
  attempts: number;
  last_error: string | null;
  next_attempt_at: string | null;
  created_at: string;
}

const KINDS = ['upstream', 'province_ratings', 'linkage', 'data_report'];
const PARTNERS = ['110', '119', '120', '122'];
const word = (key: string, params?: Record<string, string | number>) => say(key, params) ?? key;

function keyLine(k: PeerKey): HTMLElement {
  const state =
    k.state === 'grace' ? word('peers.key.grace', { until: fmtTime(k.not_after) }) : word(`peers.key.${k.state}`);
  return h(
    'div',
    { class: 'peer-key', 'data-key-id': k.key_id, 'data-state': k.state },
    h('code', null, k.key_id),
    ' ',
    h('span', { class: k.state === 'current' ? 'badge r-approved' : 'badge' }, state),
  );
}

/** The key exists in this answer only: shown now, with the warning, or never. */
function showSecret(key: Issued): void {
  dialog({
    title: word('peers.secret.title'),
    intro: [
      h('p', { class: 'error', id: 'peer-secret-warning' }, word('peers.secret.warning')),
      h('p', null, word('peers.secret.keyId'), ': ', h('code', { id: 'peer-key-id' }, key.key_id)),
      h('p', null, word('peers.secret.secret'), ': ', h('code', { class: 'secret', id: 'peer-secret' }, key.secret)),
    ],
    fields: [],
    submitLabel: word('peers.secret.done'),
    notice: true,
    submit: async () => {},
  });
}

export class PeersTab {
  readonly el: HTMLElement;
  private readonly peers: ListView<Peer> = new ListView<Peer>({
    columns: [
      {
        label: word('peers.col.name'),
        cell: (p) => [h('strong', null, p.name), h('div', { class: 'muted small' }, p.code)],
      },
      {
        label: word('peers.col.kind'),
        cell: (p) => [word(`peers.kind.${p.kind}`), p.partner ? ` ${p.partner}` : ''],
        class: 'nowrap',
      },
      {
        label: word('peers.col.url'),
        cell: (p) => (p.url ? h('small', null, p.url) : h('small', { class: 'muted' }, word('peers.noUrl'))),
      },
      {
        label: word('peers.col.active'),
        cell: (p) =>
          h(
            'span',
            { class: p.active ? 'badge r-approved' : 'badge' },
            word(p.active ? 'peers.active' : 'peers.inactive'),
          ),
      },
      { label: word('peers.col.keys'), cell: (p) => p.keys.filter((k) => k.state !== 'ended').map(keyLine) },
      {
        label: word('peers.col.failing'),
        cell: (p) => (p.failing ? h('span', { class: 'badge r-rejected' }, p.failing) : '0'),
      },
      {
        label: '',
        cell: (p) => [
          h(
            'button',
            { type: 'button', class: 'secondary small', 'data-rotate': p.code, onclick: () => this.rotate(p) },
            word('peers.rotate'),
          ),
          ' ',
          rowButton(
            word(p.active ? 'peers.deactivate' : 'peers.activate'),
            () => put(`/peers/${p.id}`, { active: !p.active }),
            () => this.load(),
            word('peers.updated', { name: p.name }),
          ),
        ],
        class: 'nowrap',
      },
    ],
    load: async () => {
      const items = await get<Peer[]>('/peers');
      return { items, total: items.length };
    },
    paged: false,
    rowKey: (p) => p.id,
    empty: word('peers.none'),
  });
  private readonly failing: ListView<Delivery> = new ListView<Delivery>({
    columns: [
      { label: word('peers.col.delivery'), cell: (d) => h('code', null, d.delivery), class: 'nowrap' },
      { label: word('peers.col.peer'), cell: (d) => d.peer },
      { label: word('peers.col.event'), cell: (d) => [d.event, h('div', { class: 'muted small' }, d.stream ?? '')] },
      { label: word('peers.col.state'), cell: (d) => word(`peers.state.${d.state}`) },
      { label: word('peers.col.attempts'), cell: (d) => d.attempts },
      { label: word('peers.col.lastError'), cell: (d) => (d.last_error ? h('small', null, d.last_error) : '') },
      { label: word('peers.col.createdAt'), cell: (d) => fmtTime(d.created_at), class: 'nowrap' },
      {
        label: '',
        cell: (d) =>
          rowButton(
            word('peers.replay'),
            () => post(`/deliveries/${d.id}/replay`),
            () => this.load(),
            word('peers.replayed'),
          ),
      },
    ],
    load: async () => {
      const items = await get<Delivery[]>('/deliveries?state=failing');
      return { items, total: items.length };
    },
    paged: false,
    rowKey: (d) => d.id,
    empty: word('peers.deliveries.none'),
  });

  constructor() {
    this.el = h(
      'div',
      { class: 'stack', id: 'peers' },
      h('p', { class: 'muted small' }, word('peers.page.intro')),
      h(
        'div',
        { class: 'split admin' },
        h('section', { class: 'card stack', id: 'peers-list' }, h('h2', null, word('peers.list.title')), this.peers.el),
        h('div', { class: 'detail' }, this.createForm()),
      ),
      h(
        'section',
        { class: 'card stack', id: 'peers-failing' },
        h('h2', null, word('peers.deliveries.title')),
        h('p', { class: 'muted small' }, word('peers.deliveries.rule')),
        this.failing.el,
      ),
    );
  }

  async load(): Promise<void> {
    await Promise.all([this.peers.reload(), this.failing.reload()]);
  }

  private createForm(): HTMLFormElement {
    const form = h(
      'form',
      { class: 'card stack', id: 'peers-form' },
      h('h2', null, word('peers.create.title')),
      field({ name: 'code', label: word('peers.field.code'), required: true, placeholder: 'province-12345' }),
      field({ name: 'name', label: word('peers.col.name'), required: true, placeholder: '省12345平台' }),
      field({
        name: 'kind',
        label: word('peers.col.kind'),
        type: 'select',
        required: true,
        options: [['', word('peers.pick')], ...KINDS.map((k): [string, string] => [k, word(`peers.kind.${k}`)])],
      }),
      field({
        name: 'partner',
        label: word('peers.col.partner'),
        type: 'select',
        options: [['', '—'], ...PARTNERS.map((p): [string, string] => [p, p])],
      }),
      field({ name: 'url', label: word('peers.field.url'), placeholder: 'https://' }),
      h('p', { class: 'error', role: 'alert' }),
      h('button', { type: 'submit', class: 'primary' }, word('peers.create.submit')),
    );
    onSubmit(form, async (v) => {
      const body = { code: v.code, name: v.name, kind: v.kind, partner: v.partner || null, url: v.url || null };
      const created = await post<{ peer: Peer; key: Issued }>('/peers', body);
      toast(word('peers.created', { name: created.peer.name }));
      form.reset();
      showSecret(created.key);
      await this.load();
    });
    return form;
  }

  private rotate(p: Peer): void {
    dialog({
      title: `${word('peers.rotate')}: ${p.name}`,
      intro: h('p', null, word('peers.rotate.confirm')),
      fields: [],
      submitLabel: word('peers.rotate'),
      danger: true,
      submit: async () => {
        const key = await post<Issued>(`/peers/${p.id}/keys`);
        toast(word('peers.rotated', { name: p.name }));
        showSecret(key);
        await this.load();
      },
    });
  }
}
