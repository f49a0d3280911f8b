// The map of hot spots (热点地图, docs/rules/hot-spots.md "The map"): an administrator uploads the city's areas as
// GeoJSON (every problem named at its path, nothing stored), supervisors, administrators and wall screens read it,
// each area is shaded by its orders (the surge job's daily counts, today's orders live, units below included) and
// its open warnings, and a click lists the area's orders.
import { expect } from 'chai';
import type { Services } from '../../server/services.ts';
import { clock } from '../../server/lib/clock.ts';
import { localDate, nextDate } from '../../server/lib/calendar.ts';
import { makeAreas, insertWarning } from '../helpers/hotspots.ts';
import { testApp } from '../helpers/test-app.ts';
import { createTicket, hotline, ok, type Hotline } from '../helpers/tickets.ts';
import type { Client } from '../helpers/http.ts';

const API = '/api/v1';
type Areas = Awaited<ReturnType<typeof makeAreas>>;

/** A closed square ring of side d at (lng, lat). */
const square = (lng: number, lat: number, d = 0.01) => [
  [lng, lat],
  [lng + d, lat],
  [lng + d, lat + d],
  [lng, lat + d],
  [lng, lat],
];
const feature = (properties: Record<string, unknown>, geometry: Record<string, unknown>) => ({
  type: 'Feature',
  properties,
  geometry,
});

async function upload(api: Client, map: unknown, name?: string) {
  const form = new FormData();
  if (name) form.append('name', name);
  form.append('file', new Blob([JSON.stringify(map)], { type: 'application/geo+json' }), 'city.geojson');
  const res = await fetch(`${api.baseUrl}${API}/hotspots/map`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${api.token}` },
    body: form,
  });
  return { status: res.status, body: await res.json() };
}

/** The areas' map: the district by name, the street by id, the community as a MultiPolygon. */
const cityOf = (a: Areas) => ({
  type: 'FeatureCollection',
  name: '测试城市',
  features: [
    feature({ name: a.district.name }, { type: 'Polygon', coordinates: [square(116.3, 39.8, 0.2)] }),
    feature({ unit_id: a.street.id, color: 'x' }, { type: 'Polygon', coordinates: [square(116.32, 39.82, 0.05)] }),
    feature({ name: a.community.name }, { type: 'MultiPolygon', coordinates: [[square(116.33, 39.83)]] }),
  ],
});

describe('the map of hot spots (热点地图)', () => {
  let s: Services;
  let h: Hotline;
  let a: Areas;
  let today: string;
  let mapId: number;
  const maps = async () => Number((await s.db('area_maps').count({ n: '*' }).first())!.n);

  before(async () => {
    s = (await testApp()).services;
    h = await hotline();
    a = await makeAreas();
    today = localDate(clock.now());
    // The surge job's counts of every category (category 0), each area's counting the units below it.
    const row = (unit: number, daysAgo: number, count: number) => ({
      area_unit_id: unit,
      category_id: 0,
      day: nextDate(today, -daysAgo),
      count,
    });
    await s
      .db('area_daily_counts')
      .insert([
        row(a.district.id, 1, 5),
        row(a.district.id, 10, 3),
        row(a.district.id, 40, 100),
        row(a.street.id, 1, 2),
        row(a.street.id, 10, 1),
        row(a.otherStreet.id, 1, 2),
      ]);
    const made = await ok(upload(h.admin, cityOf(a)), 201);
    mapId = made.id;
  });

  it("stores an administrator's map with each feature's unit and answers how many matched", async () => {
    const again = await ok(upload(h.admin, cityOf(a), '测试地图'), 201);
    expect(again.id).to.be.above(mapId);
    mapId = again.id;
    expect(again).to.include({ name: '测试地图', features: 3 });
    expect(again.matched.map((m: { unit_id: number }) => m.unit_id)).to.deep.equal([
      a.district.id,
      a.street.id,
      a.community.id,
    ]);
    const map = await ok(h.supervisor.get(`${API}/hotspots/map`));
    expect(map).to.include({ id: mapId, name: '测试地图', features: 3 });
    expect(map.geojson.type).to.equal('FeatureCollection');
    expect(map.geojson.features.map((f: any) => f.properties.unit_id)).to.deep.equal([
      a.district.id,
      a.street.id,
      a.community.id,
    ]);
    // The street named by id gets its name; other properties are kept.
    expect(map.geojson.features[1].properties).to.deep.equal({ unit_id: a.street.id, color: 'x', name: a.street.name });
  });

  it('answers the map with an ETag a wall screen revalidates (304), to a display link too', async () => {
    const first = await h.admin.get(`${API}/hotspots/map`);
    expect(first.status).to.equal(200);
    const etag = first.headers.get('etag')!;
    expect(etag).to.equal(`"area-map-${mapId}"`);
    expect(first.headers.get('cache-control')).to.equal('private, no-cache');
    const again = await h.admin.get(`${API}/hotspots/map`, { 'if-none-match': etag });
    expect(again.status).to.equal(304);
    const link = await ok(h.admin.post(`${API}/display-links`, { name: '地图大屏' }), 201);
    const anonymous = h.admin.withToken('');
    const screen = await anonymous.get(`${API}/hotspots/map?display=${link.token}`);
    expect(screen.status).to.equal(200);
    expect(screen.body.id).to.equal(mapId);
    expect((await anonymous.get(`${API}/hotspots/map?display=not-a-link`)).status).to.equal(401);
    expect((await anonymous.get(`${API}/hotspots/areas?display=${link.token}`)).status).to.equal(401);
  });

  it('refuses a map with problems, naming each at its path, and stores nothing', async () => {
    const before = await maps();
    const bad = {
      type: 'FeatureCollection',
      features: [
        feature({ name: a.district.name }, { type: 'Polygon', coordinates: [square(116.3, 39.8)] }),
        feature({ name: a.street.name }, { type: 'Point', coordinates: [116.3, 39.8] }),
        feature({ name: '没有这个区' }, { type: 'Polygon', coordinates: [square(116.3, 39.8)] }),
        feature({ unit_id: a.community.id }, { type: 'Polygon', coordinates: [square(116.3, 39.8).slice(0, 4)] }),
        feature(
          { unit_id: a.community.id },
          {
            type: 'Polygon',
            coordinates: [
              [
                [200, 39],
                [116, 39],
                [116, 40],
                [200, 39],
              ],
            ],
          },
        ),
        feature({}, { type: 'Polygon', coordinates: [square(116.3, 39.8)] }),
      ],
    };
    const res = await upload(h.admin, bad);
    expect(res.status, JSON.stringify(res.body)).to.equal(400);
    expect(res.body.error.code).to.equal('VALIDATION_FAILED');
    const paths = res.body.error.details.map((d: { path: string }) => d.path);
    expect(paths).to.include.members([
      'features[1].geometry.type',
      'features[3].geometry.coordinates[0]',
      'features[4].geometry.coordinates[0][0][0]',
      'features[5].properties.name',
    ]);
    expect(await maps()).to.equal(before);
    // The shape right, the names wrong: each feature naming no unit, or one drawn twice, at its own path.
    const named = {
      type: 'FeatureCollection',
      features: [
        feature({ name: a.district.name }, { type: 'Polygon', coordinates: [square(116.3, 39.8)] }),
        feature({ name: '没有这个区' }, { type: 'Polygon', coordinates: [square(116.3, 39.8)] }),
        feature({ unit_id: 999999999 }, { type: 'Polygon', coordinates: [square(116.3, 39.8)] }),
        feature({ unit_id: a.district.id }, { type: 'Polygon', coordinates: [square(116.3, 39.8)] }),
        feature({ unit_id: h.dept.id }, { type: 'Polygon', coordinates: [square(116.3, 39.8)] }),
      ],
    };
    const refused = await upload(h.admin, named);
    expect(refused.status).to.equal(400);
    expect(refused.body.error.details.map((d: { path: string; key: string }) => [d.path, d.key])).to.deep.equal([
      ['features[1].properties.name', 'areaMap.noSuchName'],
      ['features[2].properties.unit_id', 'areaMap.noSuchUnit'],
      ['features[3].properties.unit_id', 'areaMap.duplicateUnit'],
      // A department that is no district, street or community draws nothing.
      ['features[4].properties.unit_id', 'areaMap.noSuchUnit'],
    ]);
    const notJson = await upload(h.admin, '{"type": "FeatureCollection"');
    expect(notJson.status).to.equal(400);
    expect(await maps()).to.equal(before);
    expect((await ok(h.supervisor.get(`${API}/hotspots/map`))).id).to.equal(mapId);
  });

  it('refuses a file over HOTSPOT_MAP_MAX_BYTES (413), nothing stored', async () => {
    const before = await maps();
    // The limit as a smaller configuration would set it (the service's own, shadowed for this test only).
    Object.defineProperty(s.areaMaps, 'maxUploadBytes', { value: 2048, configurable: true });
    try {
      const big = { ...cityOf(a), padding: 'x'.repeat(4096) };
      const res = await upload(h.admin, big);
      expect(res.status).to.equal(413);
      expect(res.body.error.details.map((d: { path: string; key: string }) => [d.path, d.key])).to.deep.equal([
        ['file', 'areaMap.tooLarge'],
      ]);
    } finally {
      delete (s.areaMaps as { maxUploadBytes?: number }).maxUploadBytes;
    }
    expect(s.areaMaps.maxUploadBytes).to.equal(s.config.areaMap.maxBytes);
    expect(await maps()).to.equal(before);
  });

  it('lets only administrators upload (403, nothing stored), and JSON is not an upload (415)', async () => {
    const before = await maps();
    for (const api of [h.supervisor, h.operator, h.handler]) {
      expect((await upload(api, cityOf(a))).status).to.equal(403);
    }
    expect((await h.admin.put(`${API}/hotspots/map`, cityOf(a))).status).to.equal(415);
    expect((await h.handler.get(`${API}/hotspots/map`)).status).to.equal(403);
    expect((await h.operator.get(`${API}/hotspots/areas`)).status).to.equal(403);
    expect(await maps()).to.equal(before);
  });

  it('shades each area by its orders with the units below it and its open warnings', async () => {
    // Today's orders, read live: two in the community (under the street), one in the other street.
    const t1 = await createTicket(h.operator, { area_unit_id: a.community.id, title: '社区路灯不亮' });
    const t2 = await createTicket(h.operator, { area_unit_id: a.community.id, title: '社区垃圾未清运' });
    await createTicket(h.operator, { area_unit_id: a.otherStreet.id, title: '另一街道占道经营' });
    const rows = await s.db('tickets').whereIn('id', [t1.id, t2.id]).pluck('area_unit_id');
    expect(rows.map(Number)).to.deep.equal([a.community.id, a.community.id]);
    await insertWarning(s, { area_unit_id: a.street.id, category_id: a.category.id });
    await insertWarning(s, { area_unit_id: a.community.id, category_id: a.category.id, status: 'acknowledged' });
    await insertWarning(s, { area_unit_id: a.district.id, category_id: a.category.id, status: 'closed' });

    const of = (body: any) => Object.fromEntries(body.areas.map((x: any) => [x.unit_id, [x.orders, x.open_warnings]]));
    const month = await ok(h.supervisor.get(`${API}/hotspots/areas?days=30`));
    expect(month).to.include({ map_id: mapId, from: nextDate(today, -29), to: today });
    expect(month.areas.map((x: any) => x.name)).to.deep.equal([a.district.name, a.street.name, a.community.name]);
    // The district: 5 + 3 of past days (not the 100 of 40 days ago) and today's 3; warnings of its street and
    // community (its own is closed).
    expect(of(month)).to.deep.equal({
      [a.district.id]: [11, 2],
      [a.street.id]: [5, 2],
      [a.community.id]: [2, 1],
    });
    const week = await ok(h.admin.get(`${API}/hotspots/areas?days=7`));
    expect(of(week)[a.district.id]).to.deep.equal([8, 2]);
    const past = await ok(h.admin.get(`${API}/hotspots/areas?from=${nextDate(today, -50)}&to=${nextDate(today, -1)}`));
    expect(of(past)[a.district.id]).to.deep.equal([108, 2]);
    const wrong = await h.admin.get(`${API}/hotspots/areas?from=${today}`);
    expect(wrong.status).to.equal(400);
    expect(wrong.body.error.details[0].path).to.equal('to');

    // The live dashboard's picture carries the same shading, keyed by unit id.
    s.areaMaps.forget();
    const picture = await ok(h.supervisor.get(`${API}/dashboard`));
    expect(picture.area_map.map_id).to.equal(mapId);
    expect(picture.area_map.areas[a.district.id]).to.deep.equal({ orders: 11, open_warnings: 2 });
    expect(picture.area_map.areas[a.community.id]).to.deep.equal({ orders: 2, open_warnings: 1 });
  });

  it("lists an area's orders with those of the units below it, newest first, without the caller", async () => {
    const district = await ok(h.supervisor.get(`${API}/hotspots/areas/${a.district.id}/tickets?days=30`));
    expect(district).to.include({ unit_id: a.district.id, name: a.district.name, total: 3 });
    expect(district.items.map((t: any) => t.title)).to.deep.equal([
      '另一街道占道经营',
      '社区垃圾未清运',
      '社区路灯不亮',
    ]);
    expect(Object.keys(district.items[0]).sort()).to.deep.equal(
      ['category_id', 'category_name', 'created_at', 'id', 'number', 'status', 'title'].sort(),
    );
    const street = await ok(h.admin.get(`${API}/hotspots/areas/${a.street.id}/tickets`));
    expect(street.items.map((t: any) => t.title)).to.deep.equal(['社区垃圾未清运', '社区路灯不亮']);
    expect(street.items[0].number).to.match(/^\d+/);
    const before = await ok(
      h.admin.get(`${API}/hotspots/areas/${a.street.id}/tickets?from=${nextDate(today, -9)}&to=${nextDate(today, -1)}`),
    );
    expect(before).to.include({ total: 0 });
    expect((await h.admin.get(`${API}/hotspots/areas/${h.dept.id}/tickets`)).status).to.equal(404);
  });
});
