// The bulletin's section 热点分析 (docs/rules/hot-spots.md "Monthly analysis"): the areas and area × category pairs
// with the most orders against the period compared with, the repeat demands and the surge warnings with what was
// done. Short tables kept whole on paper (bulletin.css); the words are in server/i18n/hot-issues.ts.
import { say } from '../i18n.ts';
import { h } from '../ui/dom.ts';

interface AreaCount {
  area_unit_id: number;
  area: string;
  path: string[];
  count: number;
  previous: number;
  change: number;
}
type PairCount = AreaCount & { category_id: number; category: string };
interface Warning {
  id: number;
  path: string[];
  category: string;
  first_day: string;
  last_day: string;
  count: number;
  baseline: number;
  status: string;
  open: boolean;
  assigned_unit: string | null;
  assign_note: string | null;
  resolution: string | null;
}
export interface HotIssues {
  /** The days of the period and of the one compared with, and how many of each the surge job has counted. */
  days?: { period: number; counted: number; previous: number; previous_counted: number };
  areas: { district: AreaCount[]; street: AreaCount[] };
  pairs: { district: PairCount[]; street: PairCount[] };
  repeats: {
    total: number;
    handled: number;
    by_rule: Array<{ rule: 'phone' | 'place'; count: number; handled: number }>;
    places: Array<{ path: string[]; category: string | null; count: number; handled: number }>;
  };
  surges: { total: number; open: number; warnings: Warning[] };
}

const w = (key: string, params?: Record<string, string | number>) => say(key, params) ?? key;
const LEVELS = ['district', 'street'] as const;

/** "+3（+300.0%）": the change in orders, and as a share of the period compared with (none from 0). */
function change(r: AreaCount): string {
  const sign = (n: number, digits = 0) => `${n > 0 ? '+' : ''}${n.toFixed(digits)}`;
  return r.previous > 0 ? `${sign(r.change)} (${sign((r.change / r.previous) * 100, 1)}%)` : sign(r.change);
}

const where = (path: string[]) => (path.length ? path.join(' / ') : w('hot.noArea'));

/** A table kept whole on paper, or "none" when it has no row. */
function table(id: string, headers: Array<[string, boolean?]>, rows: Array<Array<string | HTMLElement>>) {
  if (!rows.length) return h('p', { class: 'muted', id }, w('hot.none'));
  return h(
    'table',
    { class: 'hot-table', id },
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        headers.map(([t, num]) => h('th', { class: num ? 'num' : undefined }, t)),
      ),
    ),
    h(
      'tbody',
      null,
      rows.map((r) =>
        h(
          'tr',
          null,
          r.map((c, i) => h('td', { class: headers[i][1] ? 'num' : undefined }, c)),
        ),
      ),
    ),
  );
}

const counted = (r: AreaCount) => [String(r.count), String(r.previous), change(r)];
const countHeaders: Array<[string, boolean]> = [
  [w('hot.col.count'), true],
  [w('hot.col.previous'), true],
  [w('hot.col.change'), true],
];

function surgeRow(x: Warning): string[] {
  const days = x.first_day === x.last_day ? x.first_day : `${x.first_day} ~ ${x.last_day}`;
  return [
    where(x.path),
    x.category,
    days,
    w('hot.surgeCount', { count: x.count, baseline: x.baseline.toFixed(2) }),
    w(`hot.status.${x.status}`) + (x.open ? ` · ${w('hot.stillOpen')}` : ''),
    x.assigned_unit ?? '—',
    x.resolution ?? '—',
  ];
}

/** A note when the surge job has not counted every day of the periods (it was not running yet). */
function coverage(hot: HotIssues): HTMLElement | null {
  const d = hot.days;
  if (!d || (d.counted >= d.period && d.previous_counted >= d.previous)) return null;
  const words = { counted: d.counted, days: d.period, pcounted: d.previous_counted, pdays: d.previous };
  return h('p', { class: 'muted small', id: 'hot-coverage' }, w('hot.coverage', words));
}

/** The section, drawn after the bulletin's other sections. */
export function hotIssuesSection(hot: HotIssues): HTMLElement {
  const rule = (r: 'phone' | 'place') => hot.repeats.by_rule.find((x) => x.rule === r)?.count ?? 0;
  return h(
    'section',
    { id: 'hot-issues', class: 'hot-issues' },
    h('h2', null, w('hot.heading')),
    h('p', { class: 'text' }, w('hot.intro')),
    coverage(hot),
    h('h3', null, w('hot.areas')),
    LEVELS.map((l) =>
      h(
        'div',
        { class: 'keep' },
        h('h4', null, w(`hot.level.${l}`)),
        table(
          `hot-areas-${l}`,
          [[w('hot.col.area')], ...countHeaders],
          hot.areas[l].map((r) => [where(r.path), ...counted(r)]),
        ),
      ),
    ),
    h('h3', null, w('hot.pairs')),
    LEVELS.map((l) =>
      h(
        'div',
        { class: 'keep' },
        h('h4', null, w(`hot.level.${l}`)),
        table(
          `hot-pairs-${l}`,
          [[w('hot.col.area')], [w('hot.col.category')], ...countHeaders],
          hot.pairs[l].map((r) => [where(r.path), r.category, ...counted(r)]),
        ),
      ),
    ),
    h('h3', null, w('hot.repeats')),
    h(
      'p',
      { class: 'text', id: 'hot-repeats-text' },
      w('hot.repeatsText', {
        total: hot.repeats.total,
        phone: rule('phone'),
        place: rule('place'),
        handled: hot.repeats.handled,
      }),
    ),
    hot.repeats.places.length
      ? h(
          'div',
          { class: 'keep' },
          h('p', null, w('hot.repeatPlaces')),
          table(
            'hot-repeat-places',
            [[w('hot.col.area')], [w('hot.col.category')], [w('hot.col.repeats'), true], [w('hot.col.handled'), true]],
            hot.repeats.places.map((p) => [where(p.path), p.category ?? '—', String(p.count), String(p.handled)]),
          ),
        )
      : null,
    h('h3', null, w('hot.surges')),
    h(
      'p',
      { class: 'text', id: 'hot-surges-text' },
      w('hot.surgesText', { total: hot.surges.total, open: hot.surges.open }),
      hot.surges.total > hot.surges.warnings.length ? w('hot.surgesMore', { n: hot.surges.warnings.length }) : '',
    ),
    h(
      'div',
      { class: 'keep' },
      table(
        'hot-surges',
        [
          [w('hot.col.area')],
          [w('hot.col.category')],
          [w('hot.col.days')],
          [w('hot.col.surge')],
          [w('hot.col.status')],
          [w('hot.col.unit')],
          [w('hot.col.resolution')],
        ],
        hot.surges.warnings.map(surgeRow),
      ),
    ),
  );
}
