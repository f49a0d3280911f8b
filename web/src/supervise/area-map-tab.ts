// 热点地图 on the supervisor's page: the city's areas shaded by their orders over 7, 30 or 90 days and outlined red
// for open warnings (ui/area-map.ts); a click on an area lists its orders, with those of the units below it,
// beside the map (docs/api.md "The map of hot spots").
import { ApiError, get } from '../api.ts';
import { say, t } from '../i18n.ts';
import { fill, h } from '../ui/dom.ts';
import { fmtShort } from '../ui/format.ts';
import { statusBadge } from '../ui/ticket.ts';
import { AreaMapView, type AreaCollection, type Shade } from '../ui/area-map.ts';

interface AreaFigures extends Shade {
  unit_id: number;
  name: string;
}
interface AreaTicket {
  id: number;
  number: string;
  title: string;
  category_name: string | null;
  status: string;
  created_at: string;
}

const PERIODS = [7, 30, 90];

export class AreaMapTab {
  readonly el: HTMLElement;
  private readonly view: AreaMapView;
  private readonly period: HTMLSelectElement;
  private readonly orders = h('div', { class: 'area-orders detail', id: 'area-orders', 'aria-live': 'polite' });
  private readonly note = h('p', { class: 'muted', id: 'area-map-note' });
  private mapId: number | null = null;
  private area: { id: number; name: string } | null = null;

  constructor() {
    this.view = new AreaMapView({ onSelect: (id, name) => void this.showArea(id, name) });
    this.period = h(
      'select',
      { name: 'days', 'aria-label': t('areaMap.period') },
      PERIODS.map((d) => h('option', { value: String(d), selected: d === 30 }, say('areaMap.days', { days: d }))),
    );
    this.period.addEventListener('change', () => {
      void this.load();
      if (this.area) void this.showArea(this.area.id, this.area.name);
    });
    fill(this.orders, h('p', { class: 'muted' }, t('areaMap.pick')));
    this.el = h(
      'div',
      { class: 'area-map-tab' },
      h('div', { class: 'toolbar' }, h('label', null, t('areaMap.period'), ' ', this.period), this.note),
      h('div', { class: 'split' }, this.view.el, this.orders),
    );
  }

  private get days(): number {
    return Number(this.period.value);
  }

  /** Reads the map (once per map: the browser revalidates it by its ETag) and the period's figures. */
  async load(): Promise<void> {
    const figures = await get<{ map_id: number | null; areas: AreaFigures[] }>(`/hotspots/areas?days=${this.days}`);
    if (figures.map_id === null) {
      this.note.textContent = t('areaMap.noMap');
      this.view.el.hidden = true;
      return;
    }
    if (figures.map_id !== this.mapId) {
      try {
        const map = await get<{ id: number; geojson: AreaCollection }>('/hotspots/map');
        this.view.setMap(map.geojson);
        this.mapId = map.id;
      } catch (err) {
        if (err instanceof ApiError && err.status === 404) this.note.textContent = t('areaMap.noMap');
        throw err;
      }
    }
    this.view.el.hidden = false;
    this.note.textContent = '';
    this.view.shade(new Map(figures.areas.map((a) => [a.unit_id, a])));
    this.el.dataset.loaded = String(this.days);
  }

  private async showArea(id: number, name: string): Promise<void> {
    this.area = { id, name };
    const days = this.days;
    const list = await get<{ total: number; items: AreaTicket[] }>(`/hotspots/areas/${id}/tickets?days=${days}`);
    if (this.area?.id !== id || this.days !== days) return; // another area or period was picked meanwhile
    fill(
      this.orders,
      h('h3', null, say('areaMap.areaOrders', { name, days })),
      list.items.length
        ? [
            list.total > list.items.length
              ? h('p', { class: 'muted small' }, say('areaMap.shown', { shown: list.items.length, total: list.total }))
              : null,
            h(
              'table',
              { class: 'list', 'data-unit-id': id },
              h(
                'tbody',
                null,
                list.items.map((x) =>
                  h(
                    'tr',
                    { 'data-ticket-id': x.id },
                    h('td', null, h('a', { href: `/tickets/${x.id}` }, x.number), h('div', null, x.title)),
                    h('td', { class: 'small' }, x.category_name ?? '—'),
                    h('td', null, statusBadge(x.status)),
                    h('td', { class: 'nowrap small' }, fmtShort(x.created_at)),
                  ),
                ),
              ),
            ),
          ]
        : h('p', { class: 'muted' }, t('areaMap.noOrders')),
    );
  }
}
