// The live dashboard (大屏): for a wall screen opened with a display link (?display=<token>, no sign-in) and for
// supervisors and administrators signed in. Every picture arrives over the WebSocket; nothing reloads.
import '../dashboard/dashboard.css';
import '../dashboard/messages.ts';
import { lang, t, toggleLang, translatePage } from '../i18n.ts';
import { DashboardCharts, COLORS } from '../dashboard/charts.ts';
import { connectLive, type LiveState, type Refusal } from '../dashboard/live.ts';
import { fitRanking, fitText, renderBoard, renderFigures, renderRanking } from '../dashboard/render.ts';
import type { Dashboard } from '../dashboard/types.ts';
import { renderSurges } from '../dashboard/surges.ts';
import { DashboardMapPanel, type DashboardAreaMap } from '../dashboard/area-map.ts';

const $ = (id: string) => document.getElementById(id)!;
const params = new URLSearchParams(location.search);
const display = params.get('display');

translatePage();
document.title = t('dash.title');
$('lang').addEventListener('click', toggleLang);

function tick() {
  $('clock').textContent = new Date().toLocaleString(lang() === 'en' ? 'en-GB' : 'zh-CN', {
    timeZone: 'Asia/Shanghai',
    hour12: false,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
}
tick();
setInterval(tick, 1000);

$('trend-legend').replaceChildren(
  ...(
    [
      ['received', 'dash.trend.received'],
      ['calls', 'dash.trend.calls'],
      ['satisfaction', 'dash.trend.satisfaction'],
    ] as const
  ).map(([key, label]) => {
    const li = document.createElement('li');
    li.style.setProperty('--swatch', COLORS[key]);
    li.className = key;
    li.textContent = t(label);
    return li;
  }),
);

const charts = new DashboardCharts($('trend-chart') as HTMLCanvasElement, $('categories-chart') as HTMLCanvasElement);
// The ranking shows as many rows as its panel holds, whatever changes the panel's size.
new ResizeObserver(() => fitRanking()).observe($('ranking'));
window.addEventListener('resize', () => document.querySelectorAll<HTMLElement>('.num').forEach(fitText));

// The map of hot spots: its own panel, shaded from the picture's area_map (dashboard/area-map.ts).
const areaMap = new DashboardMapPanel($('dash'), display);

function show(d: Dashboard) {
  renderFigures(d);
  charts.update(d);
  renderRanking(d);
  renderBoard(d);
  renderSurges(d);
  areaMap.update((d as Dashboard & { area_map?: DashboardAreaMap | null }).area_map);
  $('dash').setAttribute('aria-busy', 'false');
  document.body.dataset.at = d.at;
}

function state(s: LiveState) {
  $('status').dataset.state = s;
  document.body.dataset.state = s;
  $('status-text').textContent = t(`dash.state.${s}`);
  if (s === 'live') $('refused').hidden = true;
}

function refused(reason: Refusal) {
  if (reason === 'signin') {
    location.href = `/?next=${encodeURIComponent(location.pathname + location.search)}`;
    return;
  }
  $('refused-text').textContent = t(reason === 'display' ? 'dash.refused.display' : 'dash.refused.role');
  $('refused').hidden = false;
  $('status').dataset.state = 'refused';
  $('status-text').textContent = '';
}

connectLive({
  display,
  onState: state,
  onRefused: refused,
  onMessage: (m) => {
    if (m.type === 'dashboard' && m.data) show(m.data as Dashboard);
  },
});
