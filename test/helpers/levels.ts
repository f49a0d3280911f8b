// A district with a street under it and their handlers, for the journeys of an order passed down (转派), and the
// phone a street handler works from (390x844, touch).
import type { BrowserContext, Page } from 'playwright-core';
import { launch, PHONE } from '../browser/browser.ts';
import { signedIn, uniq } from './factories.ts';
import { testApp } from './test-app.ts';
import { createTicket, ok, type Hotline } from './tickets.ts';

/** 区 → 街道: two units of the tree made through the service, each with its handler signed in. */
export async function districtWithStreet() {
  const { services } = await testApp();
  const district = await services.departments.create({ name: uniq('东城区'), group: '区县', kind: 'district' });
  const street = await services.departments.create({
    name: uniq('和平里街道'),
    group: '街道乡镇',
    kind: 'street',
    parent_id: district.id,
  });
  const [districtHandler, streetHandler] = await Promise.all([
    signedIn('handler', district.id),
    signedIn('handler', street.id),
  ]);
  return { district, street, districtHandler, streetHandler };
}

export type DistrictWithStreet = Awaited<ReturnType<typeof districtWithStreet>>;

/** A community (社区) under the street, with its handler. */
export async function communityUnder(streetId: number) {
  const { services } = await testApp();
  const community = await services.departments.create({
    name: uniq('和平里七区社区'),
    group: '社区村',
    kind: 'community',
    parent_id: streetId,
  });
  return { community, communityHandler: await signedIn('handler', community.id) };
}

/** An order the hotline dispatched to the district. */
export async function dispatchedTo(h: Hotline, departmentId: number, over: Record<string, unknown> = {}) {
  const t = await createTicket(h.operator, over);
  return ok(h.operator.post(`/api/v1/tickets/${t.id}/dispatch`, { version: t.version, department_id: departmentId }));
}

/** The district signs the order and passes it down to its street over the API; answers the ticket view. */
export async function passedDown(h: Hotline, u: DistrictWithStreet, over: Record<string, unknown> = {}) {
  const t = await dispatchedTo(h, u.district.id, over);
  const signed = await ok(u.districtHandler.api.post(`/api/v1/tickets/${t.id}/sign`, { version: t.version }));
  return ok(
    u.districtHandler.api.post(`/api/v1/tickets/${t.id}/pass-down`, {
      version: signed.version,
      department_id: u.street.id,
      due_days: 3,
      note: '请街道核实处理',
    }),
  );
}

/** A phone: 390x844, touch, Chinese, with the page's script errors collected. */
export async function openPhone(): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const { baseUrl } = await testApp();
  const context = await (
    await launch()
  ).newContext({ viewport: PHONE, isMobile: true, hasTouch: true, locale: 'zh-CN', baseURL: baseUrl });
  const page = await context.newPage();
  // A step that never comes names itself before the test's own timeout does.
  page.setDefaultTimeout(20_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(m.text());
  });
  return { context, page, errors };
}

/** Nothing on the page is wider than the phone: no horizontal scrolling. */
export const pageWidth = (page: Page) =>
  page.evaluate(() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth));

/** A button a thumb can reach: scrolled to, inside the screen's width, not covered by anything else. */
export async function reachable(page: Page, selector: string): Promise<boolean> {
  const button = page.locator(selector);
  await button.scrollIntoViewIfNeeded();
  const box = await button.boundingBox();
  if (!box || box.x < 0 || box.x + box.width > PHONE.width || box.width < 1) return false;
  return button.evaluate((el) => {
    const r = el.getBoundingClientRect();
    const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
    return hit !== null && (hit === el || el.contains(hit));
  });
}
