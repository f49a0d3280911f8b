// 部门工单: a department's orders to sign, to handle, near their deadline and overdue, sortable, searchable and
// paged, each tab with its count, supervised orders (督办) marked with their deadline, the order's detail and
// timeline beside them; the orders passed down to it (下派给我的) and its units' replies to review (待审核); and its
// bad reviews to rectify or appeal. It follows the department's orders live.
import '../inbox/messages.ts';
import { get } from '../api.ts';
import { t } from '../i18n.ts';
import { h, fill, debounce } from '../ui/dom.ts';
import { fmtShort } from '../ui/format.ts';
import { named } from '../ui/names.ts';
import { loadDepartments, names, qs } from '../ui/data.ts';
import { TicketPane } from '../ui/pane.ts';
import { startPage, tabs } from '../ui/shell.ts';
import { ListView } from '../ui/table.ts';
import { orderCell, statusBadge, type Ticket, type TicketDetail } from '../ui/ticket.ts';
import { handlerActions } from '../inbox/actions.ts';
import { followInbox } from '../inbox/live.ts';
import { Reviews } from '../inbox/reviews.ts';
import { intoViewOnPhone, LevelTab } from '../inbox/levels.ts';

/** Each tab's filter of GET /tickets, and the order it starts in (the nearest deadline first). */
const FILTERS: Record<string, { status?: string; card?: string; sort: string }> = {
  sign: { status: 'dispatched', sort: 'due_at' },
  handle: { status: 'accepted,suspended', sort: 'due_at' },
  yellow: { card: 'yellow', sort: 'due_at' },
  red: { card: 'red', sort: 'due_at' },
  all: { sort: '-created_at' },
};

/** The order with its supervision mark: 督办, and the deadline the department is pressed to meet. */
function orderWithMark(x: Ticket): HTMLElement {
  const cell = orderCell(x);
  if (x.supervised_at) {
    cell.append(
      h(
        'div',
        { class: 'supervised small', 'data-supervised': '' },
        h('span', { class: 'badge red' }, t('i.supervised')),
        ' ',
        t('i.supervisedDue').replace('{due}', fmtShort(x.due_at)),
      ),
    );
  }
  return cell;
}

async function main() {
  const me = await startPage({ page: 'inbox', roles: ['handler'], title: t('i.title') });
  const nameMaps = async () => ({ departments: await names('departments'), categories: await names('categories') });
  let filter = 'sign';
  let q = '';

  // Every tab says how many it holds, 0 included (greyed), so an empty tab is known empty before it is opened.
  const count = (path: string, name: string) =>
    void get(path)
      .then((p) => {
        const el = document.querySelector(`[data-count="${name}"]`);
        if (!el) return;
        el.textContent = String(p.total);
        el.classList.toggle('none', p.total === 0);
      })
      .catch(() => {});
  const refreshCounts = () => {
    for (const name of Object.keys(FILTERS)) {
      const f = FILTERS[name];
      count(`/tickets${qs({ status: f.status, card: f.card, per_page: 1 })}`, name);
    }
    count(`/ratings${qs({ bad: true, per_page: 1 })}`, 'reviews');
    todo.count('levels');
    review.count('review');
  };
  const pane: TicketPane = new TicketPane(nameMaps, handlerActions, () => {
    void list.reload();
    refreshCounts();
  });
  // A unit with units below lists their orders too (docs/rules/units.md): each row then names the unit holding it.
  const heldBy = await names('departments');
  const unitsBelow = (await loadDepartments()).some((d) => d.parent_id === me.department_id);
  const list: ListView<Ticket> = new ListView<Ticket>({
    columns: [
      { label: t('ui.order'), cell: orderWithMark },
      ...(unitsBelow
        ? [{ label: t('t.department'), cell: (x: Ticket) => (x.department_id ? heldBy.get(x.department_id) : '—') }]
        : []),
      {
        label: t('t.status'),
        cell: (x) => [statusBadge(x.status), h('div', { class: 'muted small' }, named('type', x.type))],
      },
      // Before signing, the sign-for deadline is the one that runs out first.
      {
        label: t('t.due'),
        cell: (x) =>
          x.status === 'dispatched'
            ? [
                fmtShort(x.due_at),
                h('div', { class: 'muted small' }, `${t('i.signBy')} ${fmtShort(x.sign_deadline_at)}`),
              ]
            : fmtShort(x.due_at),
        class: 'nowrap',
        sort: 'due_at',
      },
      { label: t('t.created'), cell: (x) => fmtShort(x.created_at), class: 'nowrap', sort: 'created_at' },
      { label: t('t.updated'), cell: (x) => fmtShort(x.updated_at), class: 'nowrap', sort: 'updated_at' },
    ],
    load: async (page) => {
      // A search looks through all the department's orders, whichever tab is open.
      const f = q ? FILTERS.all : FILTERS[filter];
      return get(`/tickets${qs({ status: f.status, card: f.card, q: q || undefined, ...page })}`);
    },
    rowKey: (x) => x.id,
    onRow: (x) => void pane.show(x.id).then(() => intoViewOnPhone(pane.el)),
    rowClass: (x) => `card-${x.card}`,
  });
  const reviews = new Reviews(nameMaps, () => void reviews.list.reload());
  const todo = new LevelTab('todo', nameMaps, () => refreshCounts());
  const review = new LevelTab('review', nameMaps, () => refreshCounts());

  const search = h('input', {
    type: 'search',
    id: 'inbox-search',
    placeholder: t('i.searchHint'),
    'aria-label': t('i.search'),
    maxlength: 100,
    oninput: debounce(() => {
      q = search.value.trim();
      list.empty = q ? t('i.noMatch') : filter === 'all' ? undefined : t(`i.empty.${filter}`);
      void list.reload(true);
    }, 250),
  });
  const orders = h(
    'section',
    { id: 'orders' },
    h(
      'div',
      { class: 'toolbar' },
      h('label', { class: 'grow' }, search),
      h('span', { class: 'muted small' }, t('i.sortHint')),
    ),
    h('div', { class: 'split' }, list.el, pane.el),
  );
  const sections: Record<string, HTMLElement> = {
    sign: orders,
    handle: orders,
    yellow: orders,
    red: orders,
    all: orders,
    levels: todo.el,
    review: review.el,
    reviews: h('section', { id: 'reviews' }, reviews.el),
  };
  const bar = h('div', { class: 'tabs' });
  fill(document.getElementById('main')!, bar, orders, todo.el, review.el, sections.reviews);
  // A street or community is handed its orders by the unit above: its inbox opens on them.
  const unit = (await loadDepartments()).find((d) => d.id === me.department_id) as { kind?: string } | undefined;
  if (!location.hash && (unit?.kind === 'street' || unit?.kind === 'community'))
    history.replaceState(null, '', '#levels');
  tabs(bar, sections, (name) => {
    if (name === 'reviews') {
      void reviews.list.reload();
      return;
    }
    if (name === 'levels' || name === 'review') {
      const tab = name === 'levels' ? todo : review;
      tab.pane.clear();
      void tab.list.reload(true);
      return;
    }
    filter = name;
    // A tab chosen is that tab's orders: a search typed before gives way to it.
    q = '';
    search.value = '';
    list.sort = FILTERS[name].sort;
    list.empty = name === 'all' ? undefined : t(`i.empty.${name}`);
    pane.clear();
    void list.reload(true);
  });
  refreshCounts();
  // An order dispatched to the department, changed by someone else, or taken away: lists and counts follow at once.
  // The open order is shown anew only when someone else moved it on: the echo of the handler's own action (the pane
  // is loading it, or already shows that version) leaves the pane, and a reply being typed, alone.
  followInbox((changed) => {
    void list.reload();
    if (!todo.el.hidden) void todo.list.reload();
    if (!review.el.hidden) void review.list.reload();
    refreshCounts();
    for (const p of [pane, todo.pane, review.pane]) freshen(p, changed);
  });
  document.body.dataset.ready = 'true';
}

/** Shows the open order anew when someone else moved it on (not the echo of this page's own action). */
function freshen(pane: TicketPane, changed: ReadonlySet<number | null>): void {
  const open = pane.current;
  if (!open || !changed.has(open.id) || pane.el.hasAttribute('aria-busy')) return;
  void get<TicketDetail>(`/tickets/${open.id}`).then(
    (fresh) => {
      if (pane.current?.id === open.id && fresh.version !== pane.current.version && !pane.el.hasAttribute('aria-busy'))
        void pane.show(open.id);
    },
    () => {},
  );
}

void main();
