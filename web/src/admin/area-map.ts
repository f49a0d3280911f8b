// 区域地图 on the administrator's page: upload the city's areas as a GeoJSON file (multipart: a city's map is bigger
// than a JSON body may be), read how many areas matched a unit, or every problem of the file at its path
// (features[3].geometry.type), and see the current map drawn.
import { get } from '../api.ts';
import { lang, say, t } from '../i18n.ts';
import { fill, h } from '../ui/dom.ts';
import { AreaMapView, type AreaCollection } from '../ui/area-map.ts';

interface Detail {
  path: string;
  message: string;
  key?: string;
  params?: Parameters<typeof say>[1];
}
interface CurrentMap {
  id: number;
  name: string;
  features: number;
  created_at: string;
  geojson: AreaCollection;
}

const worded = (d: { message?: string; key?: string; params?: Detail['params'] }) =>
  (d.key ? say(d.key, d.params) : null) ?? String(d.message ?? '').split(' / ')[lang() === 'en' ? 1 : 0] ?? '';

export class AreaMapAdmin {
  readonly el: HTMLElement;
  private readonly form: HTMLFormElement;
  private readonly result = h('div', { id: 'area-map-result', role: 'status', 'aria-live': 'polite' });
  private readonly current = h('p', { class: 'muted', id: 'area-map-current' });
  private readonly view = new AreaMapView();

  constructor() {
    this.form = h(
      'form',
      { class: 'card', id: 'area-map-form' },
      h('p', { class: 'muted small' }, t('areaMap.uploadHint')),
      h(
        'div',
        { class: 'row' },
        h('label', { for: 'area-map-file' }, t('areaMap.file')),
        h('input', {
          type: 'file',
          id: 'area-map-file',
          name: 'file',
          accept: '.geojson,.json,application/geo+json,application/json',
          required: true,
        }),
        h('label', { for: 'area-map-name' }, t('areaMap.mapName')),
        h('input', { type: 'text', id: 'area-map-name', name: 'name', maxlength: 100 }),
        h('button', { type: 'submit', class: 'primary' }, t('areaMap.upload')),
      ),
      this.result,
    );
    this.form.addEventListener('submit', (e) => {
      e.preventDefault();
      void this.upload();
    });
    this.el = h('div', { class: 'area-map-admin' }, this.form, this.current, this.view.el);
  }

  async load(): Promise<void> {
    try {
      const map = await get<CurrentMap>('/hotspots/map');
      this.current.textContent = say('areaMap.current', {
        name: map.name,
        features: map.features,
        at: map.created_at,
      });
      this.view.setMap(map.geojson);
      this.view.shade(new Map());
      this.view.el.hidden = false;
    } catch {
      this.current.textContent = t('areaMap.noMap');
      this.view.el.hidden = true;
    }
  }

  private async upload(): Promise<void> {
    const body = new FormData(this.form);
    if (!String(body.get('name') ?? '').trim()) body.delete('name');
    const button = this.form.querySelector('button')!;
    button.disabled = true;
    try {
      const res = await fetch('/api/v1/hotspots/map', { method: 'PUT', credentials: 'same-origin', body });
      const data = await res.json().catch(() => null);
      if (res.ok) {
        fill(
          this.result,
          h(
            'p',
            { class: 'ok', id: 'area-map-matched', 'data-matched': data.features },
            say('areaMap.uploaded', { name: data.name, matched: data.features }),
          ),
        );
        await this.load();
        return;
      }
      const e = data?.error ?? {};
      fill(
        this.result,
        h('p', { class: 'error' }, e.key || e.message ? worded(e) : t('error.generic')),
        h(
          'ul',
          { class: 'error small', id: 'area-map-problems' },
          (e.details ?? []).map((d: Detail) => h('li', null, h('code', null, d.path || 'file'), ' ', worded(d))),
        ),
      );
    } catch {
      fill(this.result, h('p', { class: 'error' }, t('error.network')));
    } finally {
      button.disabled = false;
    }
  }
}
