// The 热点预警 panel of the live dashboard: how many surge warnings are not closed and the newest six (area, category,
// orders against the usual level, status, first day), from the picture's `surges` (hotspots/surge-dashboard.ts).
// Text only through textContent: area and category names come from the database.
import { say, t } from '../i18n.ts';
import './surges.css';
import type { Dashboard } from './types.ts';

const w = (key: string, params?: Record<string, string | number>) => say(key, params) ?? key;

function el(tag: string, className: string, text?: string): HTMLElement {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

export function renderSurges(d: Dashboard): void {
  const list = document.getElementById('surges');
  const open = document.getElementById('surges-open');
  if (!list || !open) return;
  // A picture from a server without the panel's data leaves it as it was.
  if (!d.surges) return;
  open.textContent = w('dash.surges.open', { n: d.surges.open });
  open.classList.toggle('alert', d.surges.open > 0);
  const items = d.surges.items.map((s) => {
    const li = el('li', `surge ${s.status}`);
    li.dataset.surgeId = String(s.id);
    const where = el('span', 'where');
    where.append(el('span', 'area', s.area.join(' / ')), el('span', 'category', s.category ?? t('dash.uncategorized')));
    li.append(
      where,
      el('span', 'figure', w('dash.surges.line', { count: s.count, baseline: s.baseline })),
      el('span', `state ${s.status}`, w(`surge.status.${s.status}`)),
      el('span', 'since', w('dash.surges.since', { day: s.first_day.slice(5) })),
    );
    return li;
  });
  list.replaceChildren(...(items.length ? items : [el('li', 'empty', w('dash.surges.none'))]));
}
