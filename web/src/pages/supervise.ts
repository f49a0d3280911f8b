// 督办考核: requests and appeals to decide, supervision orders, the department report and the red/blue board.
import '../supervise/messages.ts';
import { get } from '../api.ts';
import { t } from '../i18n.ts';
import { h, fill, debounce } from '../ui/dom.ts';
import { fmtShort } from '../ui/format.ts';
import { named } from '../ui/names.ts';
import { names, qs } from '../ui/data.ts';
import { TicketPane } from '../ui/pane.ts';
import { setCount, startPage, tabs } from '../ui/shell.ts';
import { ListView } from '../ui/table.ts';
import { orderCell, statusBadge, type Ticket } from '../ui/ticket.ts';
import { supervisorActions } from '../supervise/actions.ts';
import { Appeals } from '../supervise/appeals.ts';
import { Bursts } from '../supervise/bursts.ts';
import { LeaderboardView, type BoardIndex } from '../supervise/board.ts';
import { Report } from '../supervise/report.ts';
import { SupervisionLog } from '../supervise/supervisions.ts';
import { DesignationQueue } from '../supervise/designations.ts';
import { LinkageList } from '../console/linkage.ts';
import { SurgeWarnings } from '../supervise/surge-warnings.ts';
import { AreaMapTab } from '../supervise/area-map-tab.ts';

interface RequestItem {
  id: number;
  kind: string;
  reason: string;
  days: number | null;
  unreasonable_kind?: string | null;
  requested_by_name: string | null;
  created_at: string;
  ticket: Ticket;
}

async function main() {
  await startPage({ page: 'supervise', roles: ['supervisor'], title: t('s.title') });
  const nameMaps = async () => ({ departments: await names('departments'), categories: await names('categories') });
  const departments = await names('departments');
  const dept = (id: number | null) => (id ? (departments.get(id) ?? '') : '—');

  // 待审批
  const kind = h(
    'select',
    { name: 'kind', 'aria-label': t('s.kind') },
    h('option', { value: '' }, t('s.anyKind')),
    ['return', 'extension', 'suspension', 'unreasonable'].map((k) => h('option', { value: k }, named('kind', k))),
  );
  const requestPane: TicketPane = new TicketPane(nameMaps, supervisorActions, () => void requests.reload());
  const requests: ListView<RequestItem> = new ListView<RequestItem>({
    columns: [
      {
        label: t('s.kind'),
        cell: (r) => [
          h('strong', null, named('kind', r.kind)),
          r.days ? h('div', { class: 'muted small' }, `${r.days} ${t('s.workdays')}`) : null,
          r.unreasonable_kind
            ? h('div', { class: 'muted small' }, named('unreasonable.kind', r.unreasonable_kind))
            : null,
        ],
        class: 'nowrap',
      },
      { label: t('ui.order'), cell: (r) => orderCell(r.ticket) },
      { label: t('t.department'), cell: (r) => dept(r.ticket.department_id) },
      { label: t('t.reason'), cell: (r) => h('span', { class: 'clip', title: r.reason }, r.reason) },
      {
        label: t('s.requestedBy'),
        cell: (r) => [r.requested_by_name ?? '—', h('div', { class: 'muted small' }, fmtShort(r.created_at))],
      },
    ],
    load: async (q) => {
      const page = await get(
        `/requests${qs({ status: 'pending', kind: kind.value, page: q.page, per_page: q.per_page })}`,
      );
      if (!kind.value) setCount('requests', page.total);
      return page;
    },
    rowKey: (r) => r.id,
    onRow: (r) => void requestPane.show(r.ticket.id),
    empty: t('s.noRequests'),
  });
  kind.addEventListener('change', () => void requests.reload(true));

  // 督办
  const q = h('input', {
    type: 'search',
    name: 'q',
    placeholder: t('ui.searchOrders'),
    'aria-label': t('ui.search'),
    class: 'grow',
  });
  const card = h(
    'select',
    { name: 'card', 'aria-label': t('t.card') },
    h('option', { value: '' }, t('s.anyCard')),
    ['red', 'yellow', 'none'].map((c) => h('option', { value: c }, named('card', c))),
  );
  const watchPane: TicketPane = new TicketPane(nameMaps, supervisorActions, () => {
    void watch.reload();
    void log.list.reload();
  });
  const watch: ListView<Ticket> = new ListView<Ticket>({
    columns: [
      { label: t('ui.order'), cell: orderCell },
      { label: t('t.status'), cell: (x) => statusBadge(x.status) },
      { label: t('t.department'), cell: (x) => dept(x.department_id) },
      { label: t('t.due'), cell: (x) => fmtShort(x.due_at), class: 'nowrap', sort: 'due_at' },
      { label: t('t.created'), cell: (x) => fmtShort(x.created_at), class: 'nowrap', sort: 'created_at' },
    ],
    // Orders a department holds, whose deadlines run: what a supervisor watches.
    load: (p) =>
      get(`/tickets${qs({ status: 'dispatched,accepted,suspended', q: q.value.trim(), card: card.value, ...p })}`),
    sort: 'due_at',
    rowKey: (x) => x.id,
    onRow: (x) => void watchPane.show(x.id),
    rowClass: (x) => `card-${x.card}`,
  });
  q.addEventListener(
    'input',
    debounce(() => void watch.reload(true), 350),
  );
  card.addEventListener('change', () => void watch.reload(true));
  // 督办记录, under the open orders: a row shows its order in the same pane.
  const log = new SupervisionLog((id) => void watchPane.show(id));

  const appeals = new Appeals(departments, (n) => setCount('appeals', n));
  // 指定承办: orders returned three times, waiting for the unit a supervisor designates.
  const designations = new DesignationQueue((n) => setCount('disputes', n));
  // A decision on held ratings changes the figures: the report is read again when next shown.
  const bursts = new Bursts(
    (n) => setCount('bursts', n),
    () => loaded.delete('report'),
  );
  // The server's today and the month just ended: the report and the board default to them, not the browser's clock.
  const index = await get<BoardIndex>('/leaderboards');
  const report = new Report(index.today);
  const asked = new URLSearchParams(location.search).get('month');
  const board = new LeaderboardView(
    asked && /^\d{4}-\d{2}$/.test(asked) ? asked : index.month,
    () => void get<BoardIndex>('/leaderboards').then((i) => setCount('board', i.awaiting.length)),
  );

  const linkage = new LinkageList();
  // 热点预警: surge warnings to acknowledge, assign to a unit and close (supervise/surge-warnings.ts).
  const surges = new SurgeWarnings((n) => setCount('surges', n));
  // 热点地图: areas shaded by orders and open warnings; a click lists an area's orders.
  const areaMap = new AreaMapTab();
  const sections: Record<string, HTMLElement> = {
    requests: h(
      'section',
      { id: 'requests' },
      h('div', { class: 'toolbar' }, h('p', { class: 'muted grow' }, t('s.requestsHint')), kind),
      h('div', { class: 'split' }, requests.el, requestPane.el),
    ),
    disputes: h('section', { id: 'disputes' }, designations.el),
    appeals: h('section', { id: 'appeals' }, appeals.el),
    bursts: h('section', { id: 'bursts' }, bursts.el),
    watch: h(
      'section',
      { id: 'watch' },
      h('p', { class: 'muted' }, t('s.watchHint')),
      h('div', { class: 'toolbar' }, q, card),
      h('div', { class: 'split' }, watch.el, watchPane.el),
      log.el,
    ),
    report: h('section', { id: 'report' }, report.el),
    board: h('section', { id: 'board-tab' }, board.el),
    // 联动工单 with 110/119/120/122, both ways (console/linkage.ts).
    linkage: h('section', { id: 'linkage-tab' }, linkage.el),
    surges: h('section', { id: 'surges-tab' }, surges.el),
    hotmap: h('section', { id: 'hotmap-tab' }, areaMap.el),
  };
  const bar = h('div', { class: 'tabs' });
  fill(document.getElementById('main')!, bar, ...Object.values(sections));
  const loaded = new Set<string>();
  tabs(bar, sections, (name) => {
    if (name === 'requests') void requests.reload();
    if (name === 'disputes') void designations.load();
    if (name === 'appeals') void appeals.list.reload();
    if (name === 'bursts') void bursts.list.reload();
    if (name === 'watch' && !loaded.has(name)) {
      void watch.reload();
      void log.list.reload();
    }
    if (name === 'report' && !loaded.has(name)) void report.load();
    if (name === 'board' && !loaded.has(name)) void board.load();
    if (name === 'linkage') void linkage.list.reload();
    if (name === 'surges') void surges.list.reload();
    if (name === 'hotmap') void areaMap.load();
    loaded.add(name);
  });
  setCount('board', index.awaiting.length);
  void get('/ratings?appeal_status=pending&per_page=1')
    .then((p) => setCount('appeals', p.total))
    .catch(() => {});
  void get('/requests?per_page=1')
    .then((p) => setCount('requests', p.total))
    .catch(() => {});
  void get('/disputes')
    .then((d) => setCount('disputes', d.awaiting.length))
    .catch(() => {});
  void get('/ratings/bursts')
    .then((b) => setCount('bursts', b.items.length))
    .catch(() => {});
  void get('/hotspots/warnings')
    .then((w) => setCount('surges', w.items.length))
    .catch(() => {});
  document.body.dataset.ready = 'true';
}

void main();
