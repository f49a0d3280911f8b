// 话务工作台: log a call into an order and dispatch it, call residents back, return missed calls, find orders.
import '../console/messages.ts';
import { get } from '../api.ts';
import { t } from '../i18n.ts';
import { h, fill, debounce } from '../ui/dom.ts';
import { fmtTime } from '../ui/format.ts';
import { named } from '../ui/names.ts';
import { loadCategories, loadDepartments, names, qs } from '../ui/data.ts';
import { TicketPane } from '../ui/pane.ts';
import { setCount, startPage, tabs } from '../ui/shell.ts';
import { ListView, type Column } from '../ui/table.ts';
import { alerts, statusBadge, type Ticket } from '../ui/ticket.ts';
import { operatorActions, type Catalogue } from '../console/actions.ts';
import { Intake } from '../console/intake.ts';
import { MissedCalls } from '../console/missed.ts';
import { CallLog } from '../console/call-log.ts';
import { DispatchQueue, loadQueue } from '../console/queue.ts';
import { LinkageList, transferBar } from '../console/linkage.ts';

async function main() {
  await startPage({ page: 'console', roles: ['operator'], title: t('c.title') });
  const [departments, categories] = await Promise.all([loadDepartments(), loadCategories()]);
  const catalogue: Catalogue = { departments, categories };
  const nameMaps = async () => ({ departments: await names('departments'), categories: await names('categories') });
  const deptName = new Map(departments.map((d) => [d.id, d.name]));

  const orderColumns: Column<Ticket>[] = [
    { label: t('t.number'), cell: (x: Ticket) => h('span', { class: 'number' }, x.number), class: 'nowrap' },
    { label: t('t.title'), cell: (x: Ticket) => [x.title, ' ', alerts(x)] },
    { label: t('t.type'), cell: (x: Ticket) => named('type', x.type), class: 'nowrap' },
    { label: t('t.status'), cell: (x: Ticket) => statusBadge(x.status) },
    { label: t('t.department'), cell: (x: Ticket) => (x.department_id ? (deptName.get(x.department_id) ?? '') : '—') },
  ];

  /** A list of orders with the operator's pane beside it. */
  function orders(
    load: (q: { page: number; per_page: number; sort?: string }) => Promise<{ items: Ticket[]; total: number }>,
    extra: Column<Ticket>[],
    sort: string,
    empty?: string,
  ) {
    const pane: TicketPane = new TicketPane(
      nameMaps,
      (tk, done) => operatorActions(tk, catalogue, done),
      () => void list.reload(),
    );
    const list: ListView<Ticket> = new ListView<Ticket>({
      columns: [...orderColumns, ...extra],
      load,
      sort,
      empty,
      rowKey: (x) => x.id,
      onRow: (x) => void pane.show(x.id),
      rowClass: (x) => `card-${x.card}`,
    });
    return { list, pane };
  }

  // 待回访: replied orders, the oldest reply first; a rectification order only of a named bad review (差评整改回访).
  const waiting = orders(
    async (q) => {
      const page = await get(`/tickets${qs({ status: 'replied', awaiting_callback: 'true', ...q })}`);
      setCount('callback', page.total);
      return page;
    },
    [
      { label: t('t.replied'), cell: (x) => fmtTime(x.replied_at), class: 'nowrap', sort: 'updated_at' },
      // Failed callback attempts so far (回访未接通); the third closes the order as 联系不上.
      {
        label: t('cb.col.attempts'),
        cell: (x) =>
          x.callback_failures
            ? h(
                'span',
                { class: 'badge yellow', 'data-attempts': String(x.callback_failures) },
                t('cb.attempts').replace('{n}', String(x.callback_failures)).replace('/{max}', ''),
              )
            : t('cb.none'),
        class: 'nowrap',
      },
    ],
    'updated_at',
  );

  // 待派单: orders not yet dispatched, the longest wait first.
  const queue = new DispatchQueue(
    nameMaps,
    (tk, done) => operatorActions(tk, catalogue, done),
    (n) => setCount('queue', n),
  );

  // 工单查询
  const search = h('input', {
    type: 'search',
    name: 'q',
    placeholder: t('ui.searchOrders'),
    'aria-label': t('ui.search'),
    class: 'grow',
  });
  const status = h(
    'select',
    { name: 'status', 'aria-label': t('t.status') },
    h('option', { value: '' }, t('c.anyStatus')),
    ['received', 'dispatched', 'accepted', 'suspended', 'replied', 'closed', 'merged'].map((s) =>
      h('option', { value: s }, named('status', s)),
    ),
  );
  const found = orders(
    (q) => get(`/tickets${qs({ q: search.value.trim(), status: status.value, ...q })}`),
    [{ label: t('t.created'), cell: (x) => fmtTime(x.created_at), class: 'nowrap', sort: 'created_at' }],
    '-created_at',
  );
  search.addEventListener(
    'input',
    debounce(() => void found.list.reload(true), 350),
  );
  status.addEventListener('change', () => void found.list.reload(true));

  // An order from calling a resident back is written on the intake form, which then closes that callback.
  const missed = new MissedCalls(
    (id, phone) => {
      show('intake');
      intake.fromCallback(id, phone);
    },
    (n) => setCount('missed', n),
  );
  const intake = new Intake(
    catalogue,
    (id) => {
      show('orders');
      void found.pane.show(id);
    },
    () => void missed.reload(),
  );

  // 通话记录: the latest calls with their recordings (each play audited).
  const callLog = new CallLog();
  // 转接 110/119/120/122 above the intake form (the call panel), and the 联动工单 list (console/linkage.ts).
  const phoneTyped = () => (intake.el.querySelector('[name=caller_phone]') as HTMLInputElement | null)?.value ?? '';
  const linkage = new LinkageList();
  const sections = {
    intake: h(
      'section',
      { id: 'intake' },
      transferBar(phoneTyped, () => null),
      intake.el,
    ),
    queue: h('section', { id: 'queue' }, queue.el),
    callback: h(
      'section',
      { id: 'callback' },
      h(
        'div',
        { class: 'split' },
        h('div', null, h('p', { class: 'muted' }, t('c.waitingHint')), waiting.list.el),
        waiting.pane.el,
      ),
    ),
    missed: h('section', { id: 'missed' }, missed.el),
    orders: h(
      'section',
      { id: 'orders' },
      h('div', { class: 'toolbar' }, search, status),
      h('div', { class: 'split' }, found.list.el, found.pane.el),
    ),
    calls: h('section', { id: 'calls' }, callLog.el),
    linkage: h('section', { id: 'linkage-tab' }, linkage.el),
  };
  const bar = h('div', { class: 'tabs' });
  fill(document.getElementById('main')!, bar, ...Object.values(sections));
  const loaded = new Set<string>();
  const show = tabs(bar, sections, (name) => {
    // Queues reload each time they are shown: other operators work them too.
    if (name === 'callback') void waiting.list.reload();
    if (name === 'queue') void queue.list.reload();
    if (name === 'missed') void missed.list.reload();
    if (name === 'calls') void callLog.list.reload();
    if (name === 'linkage') void linkage.list.reload();
    if (name === 'orders' && !loaded.has(name)) void found.list.reload();
    loaded.add(name);
  });
  // The counts on the tabs, without waiting for a click.
  void get(`/tickets${qs({ status: 'replied', awaiting_callback: 'true', per_page: 1 })}`)
    .then((p) => setCount('callback', p.total))
    .catch(() => {});
  void get('/callbacks?per_page=1')
    .then((p) => setCount('missed', p.total))
    .catch(() => {});
  const queueCount = () =>
    void loadQueue(1, 1)
      .then((p) => setCount('queue', p.total))
      .catch(() => {});
  queueCount();
  // Orders keep arriving (web, Open311) and other operators dispatch them: the queue's count and waits move on.
  setInterval(() => (sections.queue.hidden ? queueCount() : void queue.list.reload()), 60_000);
  document.body.dataset.ready = 'true';
}

void main();
