// The map panel of the live dashboard: the city's areas shaded by their orders of the last 30 days and outlined red
// for open warnings, from the picture's `area_map` (pushed over the WebSocket). The map itself is read once per map
// (GET /hotspots/map, with the screen's display link when it has one; the browser revalidates it by its ETag), and
// again only when the picture names another map. A wall screen reads no orders: the panel has no list.
import './area-map.css';
import { t } from '../i18n.ts';
import { h } from '../ui/dom.ts';
import { AreaMapView, type AreaCollection } from '../ui/area-map.ts';

export interface DashboardAreaMap {
  map_id: number;
  from: string;
  to: string;
  areas: Record<string, { orders: number; open_warnings: number }>;
}

export class DashboardMapPanel {
  private readonly view = new AreaMapView({ className: 'on-dash' });
  private readonly panel: HTMLElement;
  private mapId: number | null = null;
  private loading: Promise<void> | null = null;
  private last: DashboardAreaMap | null = null;

  constructor(
    private readonly grid: HTMLElement,
    private readonly display: string | null,
  ) {
    this.panel = h(
      'section',
      { class: 'panel area-map-panel', id: 'area-map-panel', hidden: true },
      h('header', null, h('h2', null, t('areaMap.dashTitle'))),
      this.view.el,
    );
    grid.append(this.panel);
  }

  /** Shows the picture's shading; without a map the panel stays hidden and the grid keeps its four panels. */
  update(shading: DashboardAreaMap | null | undefined): void {
    this.last = shading ?? null;
    if (!shading) {
      this.panel.hidden = true;
      this.grid.classList.remove('with-area-map');
      return;
    }
    if (shading.map_id !== this.mapId) {
      this.loading ??= this.loadMap(shading.map_id).finally(() => (this.loading = null));
      return;
    }
    this.shade(shading);
  }

  private async loadMap(id: number): Promise<void> {
    const q = this.display ? `?display=${encodeURIComponent(this.display)}` : '';
    const res = await fetch(`/api/v1/hotspots/map${q}`, { credentials: 'same-origin' }).catch(() => null);
    if (!res?.ok) return;
    const map = (await res.json()) as { id: number; geojson: AreaCollection };
    this.view.setMap(map.geojson);
    this.mapId = map.id;
    if (map.id !== id) return;
    this.panel.hidden = false;
    this.grid.classList.add('with-area-map');
    if (this.last) this.shade(this.last);
  }

  private shade(s: DashboardAreaMap) {
    this.view.shade(new Map(Object.entries(s.areas).map(([id, f]) => [Number(id), f])));
    this.panel.dataset.mapId = String(s.map_id);
  }
}
