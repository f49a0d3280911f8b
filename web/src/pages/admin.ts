// 系统管理: departments, users, the dispatch catalogue, windows and staff, review devices, rating QR codes to
// print, the working-day calendar, display links for wall screens, texts (短信: templates, receipts,
// opt-outs) and connected systems (对接系统: peers, keys, failing webhooks). Above every tab, a warning while the
// current or coming year has no official holiday schedule.
import '../admin/messages.ts';
import { t } from '../i18n.ts';
import { h, fill } from '../ui/dom.ts';
import { loadDepartments, names } from '../ui/data.ts';
import { setOptions } from '../ui/form.ts';
import { startPage, tabs } from '../ui/shell.ts';
import { categoriesBlock, departmentGroups, departmentOptions, usersBlock } from '../admin/people.ts';
import { unitsBlock } from '../admin/units.ts';
import { devicesTab, windowsTab } from '../admin/windows.ts';
import { qrTab } from '../admin/qr.ts';
import { CalendarTab, CalendarWarning } from '../admin/calendar.ts';
import { displayTab } from '../admin/display.ts';
import { CatalogueTab } from '../admin/catalogue.ts';
import { SmsTab } from '../admin/sms.ts';
import { DataReportsTab } from '../admin/data-reports.ts';
import { PeersTab } from '../admin/peers.ts';
import { AreaMapAdmin } from '../admin/area-map.ts';

async function main() {
  await startPage({ page: 'admin', roles: ['admin'], title: t('a.title') });
  const [departments, options, groups] = await Promise.all([
    names('departments'),
    departmentOptions(),
    departmentGroups(),
  ]);
  // A department added or edited here is offered at once by the forms that pick one (no reload).
  const departmentsChanged = async () => {
    await loadDepartments(true);
    const [fresh, next] = await Promise.all([names('departments'), departmentOptions()]);
    departments.clear();
    for (const [id, name] of fresh) departments.set(id, name);
    users.setDepartments(next);
    const categoryDept = categories.form.querySelector<HTMLSelectElement>('select[name=department_id]');
    if (categoryDept) setOptions(categoryDept, next, t('a.pickDept'));
  };
  const depts = await unitsBlock(groups, departmentsChanged);
  const users = usersBlock(departments, options);
  const categories = categoriesBlock(departments, options);
  const windows = await windowsTab(departments, options);
  const devices = await devicesTab(departments);
  const warning = new CalendarWarning((year) => {
    show('calendar');
    void calendar.enterYear(year);
  });
  const calendar = new CalendarTab(() => warning.load());
  const display = displayTab();
  const catalogue = new CatalogueTab();
  const sms = new SmsTab();
  const dataReports = new DataReportsTab();
  const peers = new PeersTab();
  // 区域地图: the city's areas uploaded as GeoJSON (热点地图).
  const areaMap = new AreaMapAdmin();

  const sections: Record<string, HTMLElement> = {
    departments: h('section', { id: 'tab-departments-panel' }, depts.el),
    users: h('section', null, users.el),
    categories: h('section', null, categories.el),
    catalogue: h('section', null, catalogue.el),
    windows: h('section', null, windows.el),
    devices: h('section', null, devices.el),
    qr: h('section', null, qrTab(options, departments)),
    calendar: h('section', null, calendar.el),
    display: h('section', null, display.el),
    sms: h('section', null, sms.el),
    dataReports: h('section', null, dataReports.el),
    peers: h('section', null, peers.el),
    areaMap: h('section', { id: 'area-map-tab' }, areaMap.el),
  };
  const loaders: Record<string, () => Promise<void>> = {
    departments: () => depts.list.reload(),
    users: () => users.list.reload(),
    categories: () => categories.list.reload(),
    catalogue: () => catalogue.load(),
    windows: windows.load,
    devices: devices.load,
    calendar: () => calendar.load(),
    display: () => display.list.reload(),
    sms: () => sms.load(),
    dataReports: () => dataReports.load(),
    peers: () => peers.load(),
    areaMap: () => areaMap.load(),
  };
  const bar = h('div', { class: 'tabs' });
  fill(document.getElementById('main')!, warning.el, bar, ...Object.values(sections));
  // The calendar opens on the server's today (the browser's clock may differ), so the status comes first.
  await warning.load();
  calendar.setToday(warning.today);
  const show = tabs(bar, sections, (name) => void loaders[name]?.());
  document.body.dataset.ready = 'true';
}

void main();
