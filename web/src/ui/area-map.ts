// The map of hot spots (热点地图) drawn as SVG from the city's GeoJSON in the browser: no tile server, nothing
// fetched from outside. Equirectangular: x = lng·cos(the map's middle latitude), y = -lat, fitted to the box (a
// city is small enough that this is what a map of it looks like). Each area is filled on a sequential scale by its
// orders (legend below), outlined red with a count when it has open warnings, named on hover (title) and as a label
// where the label fits; a click selects it. Smaller areas are drawn over larger ones, so a street inside its
// district stays clickable.
import './area-map.css';
import { say, t } from '../i18n.ts';
import { h } from './dom.ts';

export interface AreaFeature {
  type: 'Feature';
  /** label_at: where the name goes ([lng, lat]); else the middle of the area's largest polygon. */
  properties: { unit_id: number; name?: string; label_at?: [number, number] };
  geometry: { type: 'Polygon'; coordinates: number[][][] } | { type: 'MultiPolygon'; coordinates: number[][][][] };
}
export interface AreaCollection {
  type: 'FeatureCollection';
  features: AreaFeature[];
}
export interface Shade {
  orders: number;
  open_warnings: number;
  name?: string;
}

const SVG = 'http://www.w3.org/2000/svg';
const W = 1000;
/** Light to dark blue (ColorBrewer "Blues"): red stays free for warnings. Zero orders are the palest. */
export const SCALE = ['#eff3ff', '#c6dbef', '#9ecae1', '#6baed6', '#3182bd', '#08519c'];
/** A label's largest size (units of the 1000-wide box), and the smallest worth showing. */
const LABEL_PX = 30;
const LABEL_MIN_PX = 16;

const svg = <K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number> = {}) => {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  return el;
};

const polygonsOf = (f: AreaFeature): number[][][][] =>
  f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;

/** The bounds of a class of the scale: 0, then five equal steps up to the most orders (at least 1 each). */
export function classesOf(max: number): number[] {
  const step = Math.max(1, Math.ceil(max / (SCALE.length - 1)));
  return SCALE.slice(1).map((_, i) => 1 + i * step);
}

/** The class of a count on the scale (0: no orders). */
function classOf(orders: number, bounds: number[]): number {
  let c = 0;
  for (let i = 0; i < bounds.length; i++) if (orders >= bounds[i]) c = i + 1;
  return c;
}

interface Drawn {
  id: number;
  name: string;
  path: SVGPathElement;
  title: SVGTitleElement;
  label: SVGTextElement | null;
  badge: SVGGElement;
  /** Projected bounds: the label goes in the middle of the largest polygon. */
  box: { x: number; y: number; w: number; h: number };
}

export class AreaMapView {
  readonly el: HTMLElement;
  private readonly svg: SVGSVGElement;
  private readonly legend: HTMLElement;
  private drawn: Drawn[] = [];
  private selected: number | null = null;

  constructor(private readonly o: { onSelect?: (id: number, name: string) => void; className?: string } = {}) {
    this.svg = svg('svg', { class: 'area-map-svg', role: 'img', preserveAspectRatio: 'xMidYMid meet' });
    this.legend = h('div', { class: 'area-map-legend' });
    // The box holds the drawing: a panel of fixed height (the dashboard's) sizes the box, not the drawing it.
    this.el = h(
      'figure',
      { class: `area-map ${o.className ?? ''}` },
      h('div', { class: 'area-map-box' }, this.svg),
      this.legend,
    );
  }

  /** Draws the areas of a collection (once per map); shade() colours them. */
  setMap(fc: AreaCollection): void {
    // One pass for the bounds (a position may carry an altitude after lng and lat).
    let [minLng, maxLng, minLat, maxLat] = [Infinity, -Infinity, Infinity, -Infinity];
    for (const f of fc.features) {
      for (const polygon of polygonsOf(f)) {
        for (const [lng, lat] of polygon.flat()) {
          [minLng, maxLng] = [Math.min(minLng, lng), Math.max(maxLng, lng)];
          [minLat, maxLat] = [Math.min(minLat, lat), Math.max(maxLat, lat)];
        }
      }
    }
    const k = Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
    const spanX = Math.max((maxLng - minLng) * k, 1e-9);
    const spanY = Math.max(maxLat - minLat, 1e-9);
    const pad = 0.03 * W;
    const scale = (W - 2 * pad) / spanX;
    const height = Math.round(spanY * scale + 2 * pad);
    this.svg.setAttribute('viewBox', `0 0 ${W} ${height}`);
    const x = (lng: number) => pad + (lng - minLng) * k * scale;
    const y = (lat: number) => pad + (maxLat - lat) * scale;

    const areas = fc.features.map((f) => {
      let d = '';
      let best = { x: 0, y: 0, w: -1, h: 0 };
      for (const polygon of polygonsOf(f)) {
        for (const ring of polygon) {
          d += ring.map(([lng, lat], i) => `${i ? 'L' : 'M'}${x(lng).toFixed(1)},${y(lat).toFixed(1)}`).join('') + 'Z';
        }
        const xs = polygon[0].map(([lng]) => x(lng));
        const ys = polygon[0].map(([, lat]) => y(lat));
        const box = {
          x: Math.min(...xs),
          y: Math.min(...ys),
          w: Math.max(...xs) - Math.min(...xs),
          h: Math.max(...ys) - Math.min(...ys),
        };
        if (box.w * box.h > best.w * best.h) best = box;
      }
      const at = f.properties.label_at;
      const spot = at ? { x: x(at[0]), y: y(at[1]) } : { x: best.x + best.w / 2, y: best.y + best.h / 2 };
      return { f, d, box: best, spot };
    });
    // Larger areas first: a community drawn over its street, over its district.
    areas.sort((a, b) => b.box.w * b.box.h - a.box.w * a.box.h);
    const shapes = svg('g', { class: 'areas' });
    const labels = svg('g', { class: 'labels', 'pointer-events': 'none' });
    this.drawn = areas.map(({ f, d, box, spot }) => {
      const id = Number(f.properties.unit_id);
      const name = f.properties.name ?? String(id);
      const path = svg('path', { d, class: 'area', 'fill-rule': 'evenodd', 'data-unit-id': id, tabindex: 0 });
      path.setAttribute('aria-label', name);
      const title = svg('title');
      title.textContent = name;
      path.append(title);
      path.addEventListener('click', () => this.select(id));
      path.addEventListener('keydown', (e) => {
        if (e.key === 'Enter' || e.key === ' ') this.select(id);
      });
      shapes.append(path);
      // A label where it fits: as large as the box allows (a CJK character is about square), up to LABEL_PX.
      const size = Math.floor(Math.min(LABEL_PX, box.w / (name.length * 1.05), box.h / 1.6));
      const fits = size >= LABEL_MIN_PX;
      let label: SVGTextElement | null = null;
      if (fits) {
        label = svg('text', { x: spot.x, y: spot.y, class: 'area-label', 'font-size': size });
        label.textContent = name;
        labels.append(label);
      }
      const badge = svg('g', { class: 'warning-badge', 'data-unit-id': id });
      badge.setAttribute('transform', `translate(${spot.x},${spot.y + (fits ? size * 1.3 : 0)})`);
      badge.append(svg('circle', { r: 19 }), svg('text', { 'font-size': 22, dy: 8 }));
      badge.style.display = 'none';
      labels.append(badge);
      return { id, name, path, title, label, badge, box };
    });
    this.svg.replaceChildren(shapes, labels);
    if (this.selected !== null) this.mark(this.selected);
  }

  /** Colours every area by its figures (areas without any count as none) and redraws the legend. */
  shade(figures: ReadonlyMap<number, Shade>): void {
    const max = Math.max(0, ...[...figures.values()].map((f) => f.orders));
    const bounds = classesOf(max);
    for (const a of this.drawn) {
      const f = figures.get(a.id) ?? { orders: 0, open_warnings: 0 };
      const name = f.name ?? a.name;
      const c = classOf(f.orders, bounds);
      a.path.setAttribute('fill', SCALE[c]);
      a.path.dataset.orders = String(f.orders);
      a.path.dataset.warnings = String(f.open_warnings);
      a.path.classList.toggle('warned', f.open_warnings > 0);
      const words = [name, say('areaMap.ordersCount', { n: f.orders })];
      if (f.open_warnings) words.push(say('areaMap.warnings', { n: f.open_warnings }));
      // The title is what a pointer resting on the area shows: its name and figures.
      a.title.textContent = words.filter(Boolean).join(' · ');
      a.badge.style.display = f.open_warnings ? '' : 'none';
      a.badge.querySelector('text')!.textContent = String(f.open_warnings);
      // On the two darkest fills a label is written light.
      a.label?.classList.toggle('on-dark', c >= SCALE.length - 2);
    }
    this.legend.replaceChildren(
      h('span', { class: 'legend-title' }, t('areaMap.legend')),
      ...[0, ...bounds].map((lo, i) => {
        const hi = i < bounds.length ? bounds[i] - 1 : max;
        const text = i === 0 ? '0' : lo >= hi ? String(lo) : `${lo}–${hi}`;
        // The swatch's colour through the style object: the pages' policy refuses style attributes.
        const swatch = h('i');
        swatch.style.background = SCALE[i];
        return h('span', { class: 'legend-step' }, swatch, text);
      }),
      h('span', { class: 'legend-warn' }, h('i'), t('areaMap.warningsLegend')),
    );
  }

  /** Selects an area (outlined) and tells the page. */
  select(id: number): void {
    const a = this.drawn.find((d) => d.id === id);
    if (!a) return;
    this.selected = id;
    this.mark(id);
    this.o.onSelect?.(id, a.name);
  }

  private mark(id: number) {
    for (const d of this.drawn) d.path.classList.toggle('selected', d.id === id);
  }
}
