// 部门工单: a department's orders to sign, to handle, near their deadline and overdue, sortable and paged, with
// the order's detail and timeline beside them; and its bad reviews to rectify or appeal.
import '../inbox/messages.ts';
import { get } from '../api.ts';
import { t } from '../i18n.ts';
import { h, fill } from '../ui/dom.ts';
import { fmtShort } from '../ui/format.ts';
import { named } from '../ui/names.ts';
import { names, qs } from '../ui/data.ts';
import { TicketPane } from '../ui/pane.ts';
import { setCount, startPage, tabs } from '../ui/shell.ts';
import { ListView } from '../ui/table.ts';
import { orderCell, statusBadge, type Ticket } from '../ui/ticket.ts';
import { handlerActions } from '../inbox/actions.ts';
import { Reviews } from '../inbox/reviews.ts';

/** Each tab's filter of GET /tickets, and the order it starts in (the nearest deadline first). */
const FILTERS: Record<string, { status?: string; card?: string; sort: string }> = {
  sign: { status: 'dispatched', sort: 'due_at' },
  handle: { status: 'accepted,suspended', sort: 'due_at' },
  yellow: { card: 'yellow', sort: 'due_at' },
  red: { card: 'red', sort: 'due_at' },
  all: { sort: '-created_at' },
};

async function main() {
  await startPage({ page: 'inbox', roles: ['handler'], title: t('i.title') });
  const nameMaps = async () => ({ departments: await names('departments'), categories: await names('categories') });
  let filter = 'sign';

  const refreshCounts = () => {
    for (const name of ['sign', 'handle', 'yellow', 'red']) {
      const f = FILTERS[name];
      void get(`/tickets${qs({ status: f.status, card: f.card, per_page: 1 })}`).then((p) => setCount(name, p.total)).catch(() => {});
    }
  };
  const pane: TicketPane = new TicketPane(nameMaps, handlerActions, () => { void list.reload(); refreshCounts(); });
  const list: ListView<Ticket> = new ListView<Ticket>({
    columns: [
      { label: t('ui.order'), cell: orderCell },
      { label: t('t.status'), cell: (x) => [statusBadge(x.status), h('div', { class: 'muted small' }, named('type', x.type))] },
      // Before signing, the sign-for deadline is the one that runs out first.
      { label: t('t.due'), cell: (x) => (x.status === 'dispatched' ? [fmtShort(x.due_at), h('div', { class: 'muted small' }, `${t('i.signBy')} ${fmtShort(x.sign_deadline_at)}`)] : fmtShort(x.due_at)), class: 'nowrap', sort: 'due_at' },
      { label: t('t.created'), cell: (x) => fmtShort(x.created_at), class: 'nowrap', sort: 'created_at' },
      { label: t('t.updated'), cell: (x) => fmtShort(x.updated_at), class: 'nowrap', sort: 'updated_at' },
    ],
    load: async (q) => {
      const f = FILTERS[filter];
      const page = await get(`/tickets${qs({ status: f.status, card: f.card, ...q })}`);
      if (filter !== 'all') setCount(filter, page.total);
      return page;
    },
    rowKey: (x) => x.id, onRow: (x) => void pane.show(x.id), rowClass: (x) => `card-${x.card}`,
  });
  const reviews = new Reviews(nameMaps, () => void reviews.list.reload());

  const orders = h('section', { id: 'orders' }, h('p', { class: 'muted small' }, t('i.sortHint')), h('div', { class: 'split' }, list.el, pane.el));
  const sections: Record<string, HTMLElement> = { sign: orders, handle: orders, yellow: orders, red: orders, all: orders, reviews: h('section', { id: 'reviews' }, reviews.el) };
  const bar = h('div', { class: 'tabs' });
  fill(document.getElementById('main')!, bar, orders, sections.reviews);
  tabs(bar, sections, (name) => {
    if (name === 'reviews') { void reviews.list.reload(); return; }
    filter = name;
    list.sort = FILTERS[name].sort;
    list.empty = name === 'all' ? undefined : t(`i.empty.${name}`);
    pane.clear();
    void list.reload(true);
  });
  refreshCounts();
  document.body.dataset.ready = 'true';
}

void main();
