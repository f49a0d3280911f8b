import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { closeBrowser, DESKTOP, openPage, screenshot, signInAs, WALL } from './browser.ts';
import { insertWarning, makeAreas } from '../helpers/hotspots.ts';
import { testApp } from '../helpers/test-app.ts';
import { createTicket, hotline, type Hotline } from '../helpers/tickets.ts';

// The map of hot spots (热点地图, docs/rules/hot-spots.md "The map") as people meet it: an administrator uploads
// the city's GeoJSON and reads how many areas matched; a supervisor opens 热点地图, sees the areas shaded and the
// warned one outlined, clicks an area and reads its orders; the live dashboard draws the map.
const square = (lng: number, lat: number, d: number) => [
  [lng, lat],
  [lng + d, lat],
  [lng + d, lat + d],
  [lng, lat + d],
  [lng, lat],
];

describe('the map of hot spots (browser)', function () {
  this.timeout(120_000);
  let h: Hotline;
  let a: Awaited<ReturnType<typeof makeAreas>>;
  let file: string;
  before(async () => {
    h = await hotline();
    a = await makeAreas();
    // The street's middle lies outside its community, so a click there is the street's.
    const map = {
      type: 'FeatureCollection',
      features: [
        { name: a.district.name, ring: square(116.3, 39.8, 0.2) },
        { name: a.street.name, ring: square(116.32, 39.82, 0.08) },
        { name: a.community.name, ring: square(116.33, 39.83, 0.02) },
      ].map((f) => ({
        type: 'Feature',
        properties: { name: f.name },
        geometry: { type: 'Polygon', coordinates: [f.ring] },
      })),
    };
    file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'area-map-')), '测试城市.geojson');
    fs.writeFileSync(file, JSON.stringify(map));
  });
  after(closeBrowser);

  it('lets an administrator upload the GeoJSON file and read how many areas matched', async () => {
    const { page, errors } = await openPage(DESKTOP);
    await signInAs(page, h.users.admin.user.username);
    await page.goto('/admin#areaMap');
    await page.locator('#area-map-file').setInputFiles(file);
    await page.fill('#area-map-name', '测试城市');
    await page.click('#area-map-form button[type=submit]');
    const matched = page.locator('#area-map-matched');
    await matched.waitFor();
    expect(await matched.textContent()).to.equal('已上传“测试城市”：3 个区域已对应到单位');
    await page.locator('#area-map-current', { hasText: '测试城市' }).waitFor();
    expect(errors).to.deep.equal([]);
  });

  it("shows a supervisor the shaded areas, and a click lists the area's orders", async () => {
    const first = await createTicket(h.operator, { area_unit_id: a.community.id, title: '社区路灯不亮' });
    const second = await createTicket(h.operator, { area_unit_id: a.community.id, title: '社区垃圾未清运' });
    const { services } = await testApp();
    await insertWarning(services, { area_unit_id: a.street.id, category_id: a.category.id });

    const { page, errors } = await openPage(DESKTOP);
    await signInAs(page, h.users.supervisor.user.username);
    await page.goto('/supervise#hotmap');
    const district = page.locator(`#hotmap-tab path.area[data-unit-id="${a.district.id}"]`);
    await page.locator(`#hotmap-tab path.area[data-unit-id="${a.district.id}"][data-orders="2"]`).waitFor();
    expect(await district.getAttribute('fill')).to.not.equal('#eff3ff');
    await page.locator(`#hotmap-tab path.area.warned[data-unit-id="${a.street.id}"]`).waitFor();
    // The street's warning counts for its district too.
    await page.locator(`#hotmap-tab path.area.warned[data-unit-id="${a.district.id}"]`).waitFor();
    expect(await page.locator('#hotmap-tab .warning-badge:visible text').allTextContents()).to.deep.equal(['1', '1']);
    expect(await page.locator('#hotmap-tab .area-map-legend').textContent()).to.include('工单数');
    await screenshot(page, 'area-map-tab');

    await page.locator(`#hotmap-tab path.area[data-unit-id="${a.street.id}"]`).click();
    const list = page.locator(`#area-orders table[data-unit-id="${a.street.id}"]`);
    await list.waitFor();
    expect(await page.locator('#area-orders h3').textContent()).to.equal(`${a.street.name}：近30天工单`);
    expect(await list.locator('a').allTextContents()).to.deep.equal([second.number, first.number]);
    expect(await list.locator('a').first().getAttribute('href')).to.equal(`/tickets/${second.id}`);
    await screenshot(page, 'area-map-tab-selected');

    // Seven days instead of thirty: the same orders (today's), read again.
    await page.selectOption('#hotmap-tab select[name=days]', '7');
    await page.locator('#area-orders h3', { hasText: '近7天' }).waitFor();
    expect(errors).to.deep.equal([]);
  });

  it('draws the map on the live dashboard', async () => {
    const { page, errors } = await openPage(WALL);
    await signInAs(page, h.users.supervisor.user.username);
    await page.goto('/dashboard');
    const panel = page.locator('#area-map-panel');
    await page.locator(`#area-map-panel path.area[data-unit-id="${a.community.id}"][data-orders="2"]`).waitFor();
    expect(await panel.isVisible()).to.equal(true);
    expect(await page.locator('#area-map-panel path.area').count()).to.equal(3);
    await page.locator(`#area-map-panel path.area.warned[data-unit-id="${a.street.id}"]`).waitFor();
    await screenshot(page, 'area-map-dashboard');
    expect(errors).to.deep.equal([]);
  });
});
