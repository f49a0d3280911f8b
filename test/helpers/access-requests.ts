// The calls of the access-control matrix (test/integration/access-matrix.test.ts): the records each route's path
// parameters name (department A is the handler's own), and a body that passes validation where the role or
// department is checked after it, so a refusal is seen as the 403 it is rather than a 400.
import { expect } from 'chai';
import { testApp } from './test-app.ts';
import { Client } from './http.ts';
import { signedIn, ticketInput, uniq } from './factories.ts';
import { accepted, createTicket, dispatched, hotline, ok, replied } from './tickets.ts';
import { call, ctiClient } from './calls.ts';
import { devicePost, deviceRating, reviewDesk } from './reviews.ts';
import type { Who } from './access-policy.ts';

export const API = '/api/v1';

/** `unchanged` proves, after a refusal, that the record the call named is as it was (a 403 stores nothing). */
export interface Req {
  path: string;
  body?: unknown;
  unchanged?: () => Promise<void>;
}

/** Fails unless the ticket still has the version and status it had when the call was built. */
function ticketUnchanged(t: { id: number; version: number; status: string }) {
  return async () => {
    const { services } = await testApp();
    const row = await services.db('tickets').where({ id: t.id }).first();
    expect([row.version, row.status], `ticket ${t.id} after a refusal`).to.deep.equal([t.version, t.status]);
  };
}
type State = 'received' | 'inquiry' | 'dispatched' | 'accepted' | 'replied';

/** What the calls need so that path parameters name real records of department A (the handler's own). */
export async function fixtures() {
  const h = await hotline();
  const ticket = await dispatched(h);
  const desk = await reviewDesk(h);
  const rating = await ok(devicePost(desk.key, deviceRating()), 201);
  const cti = await ctiClient(h);
  const answered = await ok(cti.post(call()), 201);
  const missed = await ok(cti.post(call({ answered: false, talk_s: 0 })), 201);
  const article = await ok(
    h.admin.post(`${API}/knowledge`, {
      title: uniq('办事指南'),
      body: '携带身份证到窗口办理。',
      department_id: h.dept.id,
    }),
    201,
  );
  const spare = await signedIn('operator');
  const spareDept = await ok(
    h.admin.post(`${API}/departments`, {
      name: uniq('部门'),
      group: '区县',
      email: `${uniq('d')}@dept.example`,
      head_email: `${uniq('h')}@dept.example`,
    }),
    201,
  );
  const category = await ok(h.admin.post(`${API}/categories`, { name: uniq('分类'), department_id: h.dept.id }), 201);
  const link = await ok(h.admin.post(`${API}/display-links`, { name: uniq('大屏') }), 201);
  const o311 = await ok(h.admin.post(`${API}/open311-keys`, { name: uniq('partner') }), 201);
  const at = {
    received: createTicket,
    inquiry: (api: typeof h.operator) => createTicket(api, { type: 'inquiry' }),
    dispatched: (_: unknown) => dispatched(h),
    accepted: (_: unknown) => accepted(h),
    replied: (_: unknown) => replied(h),
  };
  return {
    h,
    ticket,
    desk,
    rating,
    call: answered,
    callbackId: missed.callback_id as number,
    article,
    spare,
    spareDept,
    category,
    link,
    ctiKeyId: cti.issued.id as number,
    o311KeyId: o311.id as number,
    /** A ticket of department A in the state, new for each call: an allowed action must not spoil the next cell. */
    fresh: (state: State): Promise<any> => at[state](h.operator),
  };
}
export type F = Awaited<ReturnType<typeof fixtures>>;

const NOTE = '经核实，按规定处理。';

/** A ticket action on a fresh ticket in the state it starts from, with a body that passes validation. */
const action =
  (state: State, body: (t: any, f: F) => Record<string, unknown> = () => ({})) =>
  async (f: F, _who: Who | null, key: string): Promise<Req> => {
    const t = await f.fresh(state);
    return {
      path: key.split(' ')[1].replace(':id', String(t.id)),
      body: { version: t.version, ...body(t, f) },
      unchanged: ticketUnchanged(t),
    };
  };

/** A connected system, made once per run, for the routes that name one. */
const peers = new WeakMap<F, Promise<number>>();
const peerOf = (f: F) => {
  if (!peers.has(f)) {
    const body = { code: uniq('peer-').toLowerCase(), name: uniq('对接'), kind: 'upstream' };
    peers.set(
      f,
      ok(f.h.admin.post(`${API}/peers`, body), 201).then((r) => r.peer.id as number),
    );
  }
  return peers.get(f)!;
};

/**
 * 转派's units, made once per run: department A (the handler's own) becomes a street under a district, with a
 * community under it, each with a handler, so A holds a level passed down to it and reviews one it passed down.
 */
const trees = new WeakMap<F, ReturnType<typeof makeLevelTree>>();
const levelTree = (f: F) => {
  if (!trees.has(f)) trees.set(f, makeLevelTree(f));
  return trees.get(f)!;
};
async function makeLevelTree(f: F) {
  const { services } = await testApp();
  const unit = (kind: 'district' | 'community', parent_id: number | null) =>
    services.departments.create({
      name: uniq(kind),
      group: '区县',
      email: `${uniq('d')}@dept.example`,
      head_email: `${uniq('h')}@dept.example`,
      kind,
      parent_id,
    });
  const district = await unit('district', null);
  await services.departments.update(f.h.dept.id, { kind: 'street', parent_id: district.id });
  const community = await unit('community', f.h.dept.id);
  return {
    district,
    community,
    districtHandler: (await signedIn('handler', district.id)).api,
    communityHandler: (await signedIn('handler', community.id)).api,
  };
}

/** An order the district passed down to department A (signed there when `sign`): the ticket and A's level. */
async function passedToOwn(f: F, sign: boolean) {
  const tree = await levelTree(f);
  let t = await createTicket(f.h.operator);
  t = await ok(
    f.h.operator.post(`${API}/tickets/${t.id}/dispatch`, { version: t.version, department_id: tree.district.id }),
  );
  t = await ok(tree.districtHandler.post(`${API}/tickets/${t.id}/sign`, { version: t.version }));
  t = await ok(
    tree.districtHandler.post(`${API}/tickets/${t.id}/pass-down`, { version: t.version, department_id: f.h.dept.id }),
  );
  const level = (await ok(tree.districtHandler.get(`${API}/tickets/${t.id}`))).levels[1];
  if (sign) t = await ok(f.h.handler.post(`${API}/tickets/${t.id}/levels/${level.id}/sign`, { version: t.version }));
  return { t, levelId: level.id as number };
}

/** An order of department A passed down to its community (which replied when `reply`): the ticket and that level. */
async function passedByOwn(f: F, reply: boolean) {
  const tree = await levelTree(f);
  let t = await f.fresh('accepted');
  t = await ok(
    f.h.handler.post(`${API}/tickets/${t.id}/pass-down`, { version: t.version, department_id: tree.community.id }),
  );
  const level = (await ok(f.h.handler.get(`${API}/tickets/${t.id}`))).levels[1];
  if (reply) {
    const at = `${API}/tickets/${t.id}/levels/${level.id}`;
    t = await ok(tree.communityHandler.post(`${at}/sign`, { version: t.version }));
    t = await ok(tree.communityHandler.post(`${at}/reply`, { version: t.version, reply: NOTE }));
  }
  return { t, levelId: level.id as number };
}

/** A step on a level with a body that passes validation. */
const levelStep =
  (build: (f: F) => Promise<{ t: any; levelId: number }>, body: Record<string, unknown> = {}) =>
  async (f: F, _who: Who | null, key: string): Promise<Req> => {
    const { t, levelId } = await build(f);
    const path = key.split(' ')[1].replace(':id', String(t.id)).replace(':levelId', String(levelId));
    return { path, body: { version: t.version, ...body }, unchanged: ticketUnchanged(t) };
  };

// The request each route is called with; a route with path parameters and no entry here fails the test.
/** A photo on the fixture's ticket (kept once, by the service as Open311 keeps one), for the download routes. */
const photos = new WeakMap<F, Promise<{ id: number }>>();
function attachmentOf(f: F): Promise<{ id: number }> {
  let photo = photos.get(f);
  if (!photo) {
    photo = (async () => {
      const { services } = await testApp();
      const { default: sharp } = await import('sharp');
      const bytes = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#888' } })
        .png()
        .toBuffer();
      return services.attachments.store(f.ticket.id, 'intake', { name: 'photo.png', bytes });
    })();
    photos.set(f, photo);
  }
  return photo;
}

/** An Open311 token never issued: the answer is a 404, reached without any key or session. */
const NO_TOKEN = '00000000-0000-4000-8000-000000000000';

const BUILD: Record<string, (f: F, who: Who | null, key: string) => Promise<Req> | Req> = {
  'GET /departments/:id': (f) => ({ path: `/departments/${f.h.dept.id}` }),
  'PATCH /departments/:id': (f) => ({ path: `/departments/${f.spareDept.id}`, body: {} }),
  'GET /categories/:id': (f) => ({ path: `/categories/${f.category.id}` }),
  'PATCH /categories/:id': (f) => ({ path: `/categories/${f.category.id}`, body: {} }),
  // No version in the matrix's database: the role check is what is tried (404 after it).
  'GET /catalogue/versions/:id': () => ({ path: '/catalogue/versions/999999' }),
  'GET /catalogue/versions/:id/diff': () => ({ path: '/catalogue/versions/999999/diff' }),
  'GET /catalogue/versions/:id/csv': () => ({ path: '/catalogue/versions/999999/csv' }),
  'GET /tickets/:id/catalogue-check': (f) => ({ path: `/tickets/${f.ticket.id}/catalogue-check` }),
  'GET /users/:id': (f) => ({ path: `/users/${f.spare.user.id}` }),
  'PATCH /users/:id': (f) => ({ path: `/users/${f.spare.user.id}`, body: {} }),
  'POST /users/:id/password': (f) => ({ path: `/users/${f.spare.user.id}/password`, body: {} }),
  'GET /calendar/years/:year': () => ({ path: '/calendar/years/2026' }),
  'PUT /calendar/years/:year': () => ({ path: '/calendar/years/2031', body: {} }),
  'PUT /calendar/:date': () => ({ path: '/calendar/2031-01-06', body: {} }),
  'DELETE /calendar/:date': () => ({ path: '/calendar/2031-01-06' }),
  'POST /tickets': () => ({ path: '/tickets', body: ticketInput() }),
  'GET /tickets/duplicates': () => ({ path: '/tickets/duplicates?phone=13812341234' }),
  'GET /tickets/suggest': () => ({ path: `/tickets/suggest?title=${encodeURIComponent('小区垃圾无人清运')}` }),
  'GET /tickets/:id': (f) => ({ path: `/tickets/${f.ticket.id}` }),
  'GET /tickets/:id/callback': (f) => ({ path: `/tickets/${f.ticket.id}/callback` }),
  'GET /tickets/:id/rating-link': (f) => ({ path: `/tickets/${f.ticket.id}/rating-link` }),
  'POST /tickets/:id/dispatch': action('received', (_, f) => ({ department_id: f.h.dept.id })),
  'POST /tickets/:id/sign': action('dispatched'),
  'POST /tickets/:id/designate': action('received', (_, f) => ({ department_id: f.h.dept.id, note: NOTE })),
  'POST /tickets/:id/reply': action('accepted', () => ({ resolution: NOTE })),
  'POST /tickets/:id/callback': action('replied', () => ({ score: 5 })),
  'POST /tickets/:id/callback-failed': action('replied', () => ({ reason: 'no_answer' })),
  'POST /tickets/:id/answer': action('inquiry', () => ({ resolution: NOTE })),
  'POST /tickets/:id/merge': action('dispatched', (_, f) => ({ into_ticket_id: f.ticket.id })),
  'POST /tickets/:id/recall': action('dispatched'),
  'POST /tickets/:id/supervise': action('dispatched', () => ({ note: NOTE })),
  'POST /tickets/:id/resume': action('accepted'),
  'POST /tickets/:id/return': action('dispatched', () => ({ reason: NOTE })),
  'POST /tickets/:id/extension': action('accepted', () => ({ days: 3, reason: NOTE })),
  'POST /tickets/:id/suspend': action('accepted', () => ({ reason: NOTE })),
  'POST /tickets/:id/contact': action('dispatched'),
  'POST /tickets/:id/pass-down': async (f) => {
    const tree = await levelTree(f);
    const t = await f.fresh('accepted');
    return {
      path: `/tickets/${t.id}/pass-down`,
      body: { version: t.version, department_id: tree.community.id },
      unchanged: ticketUnchanged(t),
    };
  },
  'POST /tickets/:id/levels/:levelId/sign': levelStep((f) => passedToOwn(f, false)),
  'POST /tickets/:id/levels/:levelId/reply': levelStep((f) => passedToOwn(f, true), { reply: NOTE }),
  'POST /tickets/:id/levels/:levelId/approve': levelStep((f) => passedByOwn(f, true)),
  'POST /tickets/:id/levels/:levelId/send-back': levelStep((f) => passedByOwn(f, true), { reason: NOTE }),
  'POST /tickets/:id/levels/:levelId/take-back': levelStep((f) => passedByOwn(f, false), { reason: NOTE }),
  'POST /tickets/:id/reveal-phone': async (f) => {
    const t = await f.fresh('dispatched');
    return { path: `/tickets/${t.id}/reveal-phone`, body: {}, unchanged: ticketUnchanged(t) };
  },
  'POST /tickets/:id/:kind/:requestId/decision': async (f) => {
    const t = await f.fresh('dispatched');
    const asked = await ok(f.h.handler.post(`${API}/tickets/${t.id}/return`, { version: t.version, reason: NOTE }));
    const { services } = await testApp();
    const request = await services.db('ticket_requests').where({ ticket_id: t.id, kind: 'return' }).first();
    return {
      path: `/tickets/${t.id}/returns/${request.id}/decision`,
      body: { approve: false, note: NOTE },
      unchanged: ticketUnchanged(asked),
    };
  },
  'POST /tickets/:id/unreasonable': action('accepted', () => ({ kind: 'illegal', reason: NOTE })),
  'POST /tickets/:id/unreasonable/:requestId/decision': async (f) => {
    const t = await f.fresh('accepted');
    const body = { version: t.version, kind: 'repeated', reason: NOTE };
    const asked = await ok(f.h.handler.post(`${API}/tickets/${t.id}/unreasonable`, body));
    const { services } = await testApp();
    const request = await services.db('ticket_requests').where({ ticket_id: t.id, kind: 'unreasonable' }).first();
    return {
      path: `/tickets/${t.id}/unreasonable/${request.id}/decision`,
      body: { approve: false, note: NOTE },
      unchanged: ticketUnchanged(asked),
    };
  },
  // No linkage peer in the matrix's database: an allowed caller is answered 409 LINKAGE_NOT_CONFIGURED.
  'POST /tickets/:id/linkage': (f) => ({
    path: `/tickets/${f.ticket.id}/linkage`,
    body: { partner: '110', reason: NOTE },
  }),
  'POST /linkage/orders/:ref/status': () => ({ path: '/linkage/orders/LD-none/status', body: {} }),
  'GET /reports/unreasonable': () => ({ path: '/reports/unreasonable?month=2026-10' }),
  'GET /stats/departments/:id/tickets': (f) => ({ path: `/stats/departments/${f.h.dept.id}/tickets` }),
  'GET /leaderboards/:month': () => ({ path: '/leaderboards/2026-10' }),
  'POST /leaderboards/:month/publish': () => ({ path: '/leaderboards/1999-01/publish', body: {} }),
  'POST /display-links/:id/revoke': (f) => ({ path: `/display-links/${f.link.id}/revoke`, body: {} }),
  'GET /windows/:id': (f) => ({ path: `/windows/${f.desk.window.id}` }),
  'PATCH /windows/:id': (f) => ({ path: `/windows/${f.desk.window.id}`, body: {} }),
  'GET /staff/:id': (f) => ({ path: `/staff/${f.desk.staff.id}` }),
  'PATCH /staff/:id': (f) => ({ path: `/staff/${f.desk.staff.id}`, body: {} }),
  'GET /windows/:id/qr.:format': (f) => ({ path: `/windows/${f.desk.window.id}/qr.svg` }),
  'GET /staff/:id/qr.:format': (f) => ({ path: `/staff/${f.desk.staff.id}/qr.svg` }),
  'GET /devices/:id': (f) => ({ path: `/devices/${f.desk.device.id}` }),
  'POST /devices/:id/revoke': () => ({ path: '/devices/999999999/revoke', body: {} }),
  'PUT /devices/:id/on-duty': (f) => ({
    path: `/devices/${f.desk.device.id}/on-duty`,
    body: { staff_id: f.desk.staff.id },
  }),
  'POST /ratings/bursts/decision': (f) => ({
    path: '/ratings/bursts/decision',
    body: {
      kind: 'device',
      source_id: f.desk.device.id,
      score: 5,
      until: new Date().toISOString(),
      confirm: false,
      reason: NOTE,
    },
  }),
  'GET /ratings/:id': (f) => ({ path: `/ratings/${f.rating.id}` }),
  'POST /ratings/:id/appeal': (f) => ({ path: `/ratings/${f.rating.id}/appeal`, body: { reason: NOTE } }),
  'POST /ratings/:id/appeal/decision': (f) => ({
    path: `/ratings/${f.rating.id}/appeal/decision`,
    body: { uphold: false, note: NOTE },
  }),
  'GET /public/rating-tokens/:token': () => ({ path: '/public/rating-tokens/not-a-token' }),
  'GET /public/tickets/:number': (f) => ({ path: `/public/tickets/${f.ticket.number}` }),
  'GET /public/leaderboards/:month': () => ({ path: '/public/leaderboards/2026-10' }),
  'POST /calls': () => ({ path: '/calls', body: call() }),
  'GET /calls/:id': (f) => ({ path: `/calls/${f.call.id}` }),
  // The fixture's call has no recording: an allowed player gets 404, before any telephone system is asked.
  'GET /calls/:id/recording': (f) => ({ path: `/calls/${f.call.id}/recording` }),
  'GET /tickets/:id/calls': (f) => ({ path: `/tickets/${f.ticket.id}/calls` }),
  // An allowed uploader sending JSON meets the upload's 415 (only multipart carries a file), after the access check.
  'POST /tickets/:id/attachments': (f) => ({ path: `/tickets/${f.ticket.id}/attachments`, body: {} }),
  'GET /tickets/:id/attachments': (f) => ({ path: `/tickets/${f.ticket.id}/attachments` }),
  'GET /attachments/:id': async (f) => ({ path: `/attachments/${(await attachmentOf(f)).id}` }),
  'GET /attachments/:id/thumbnail': async (f) => ({ path: `/attachments/${(await attachmentOf(f)).id}/thumbnail` }),
  'POST /cti-keys/:id/revoke': (f) => ({ path: `/cti-keys/${f.ctiKeyId}/revoke`, body: {} }),
  // An empty wording puts the default back: harmless to repeat. No number opted out: the administrator's 404.
  'PUT /sms/templates/:key': () => ({ path: '/sms/templates/red_card', body: { text: '' } }),
  'DELETE /sms/opt-outs/:phone': () => ({ path: '/sms/opt-outs/13900000009' }),
  'GET /callbacks/:id': (f) => ({ path: `/callbacks/${f.callbackId}` }),
  'POST /callbacks/:id/attempts': (f) => ({ path: `/callbacks/${f.callbackId}/attempts`, body: { reason: 'busy' } }),
  'POST /callbacks/:id/done': () => ({ path: '/callbacks/999999999/done', body: { note: NOTE } }),
  'GET /knowledge/:id': (f) => ({ path: `/knowledge/${f.article.id}` }),
  'POST /knowledge': () => ({ path: '/knowledge', body: { title: uniq('指南'), body: '正文。' } }),
  'PATCH /knowledge/:id': (f) => ({
    path: `/knowledge/${f.article.id}`,
    body: { version: f.article.version, title: uniq('指南') },
  }),
  'DELETE /knowledge/:id': async (f) => {
    const a = await ok(
      f.h.admin.post(`${API}/knowledge`, { title: uniq('办事指南'), body: '正文。', department_id: f.h.dept.id }),
      201,
    );
    return { path: `/knowledge/${a.id}` };
  },
  'POST /open311-keys/:id/revoke': (f) => ({ path: `/open311-keys/${f.o311KeyId}/revoke`, body: {} }),
  // Connected systems: one peer made once per run; no such delivery: the administrator's 404.
  'GET /peers/:id': async (f) => ({ path: `/peers/${await peerOf(f)}` }),
  'PUT /peers/:id': async (f) => ({ path: `/peers/${await peerOf(f)}`, body: { name: uniq('对接') } }),
  'GET /peers/:id/keys': async (f) => ({ path: `/peers/${await peerOf(f)}/keys` }),
  'POST /peers/:id/keys': async (f) => ({ path: `/peers/${await peerOf(f)}/keys`, body: {} }),
  'POST /deliveries/:id/replay': () => ({ path: '/deliveries/999999999/replay', body: {} }),
  // A day never reported: the administrator's call is refused as a 409 (dataReport.notReported), nothing queued.
  'POST /data-reports/:day/rerun': () => ({ path: '/data-reports/2000-01-01/rerun', body: {} }),
  // No such warning: an allowed caller's 404 (surge-warnings.test.ts acts on real ones).
  'GET /hotspots/warnings/:id': () => ({ path: '/hotspots/warnings/999999999' }),
  'POST /hotspots/warnings/:id/acknowledge': () => ({ path: '/hotspots/warnings/999999999/acknowledge', body: {} }),
  'POST /hotspots/warnings/:id/assign': () => ({ path: '/hotspots/warnings/999999999/assign', body: {} }),
  'POST /hotspots/warnings/:id/close': () => ({ path: '/hotspots/warnings/999999999/close', body: {} }),
  // An administrator sending JSON meets the map upload's 415 (only multipart carries the file), nothing stored.
  'PUT /hotspots/map': () => ({ path: '/hotspots/map', body: {} }),
  // No such area: an allowed reader's 404 (area-map.test.ts lists real ones).
  'GET /hotspots/areas/:id/tickets': () => ({ path: '/hotspots/areas/999999999/tickets' }),
  'GET /open311/v2/services/:code.json': () => ({ path: '/open311/v2/services/no-such-code.json' }),
  'GET /open311/v2/requests/:id.json': (f) => ({ path: `/open311/v2/requests/${f.ticket.number}.json` }),
  'GET /open311/v2/tokens/:token.json': () => ({ path: `/open311/v2/tokens/${NO_TOKEN}.json` }),
  'GET /open311/v2/services/:code.xml': () => ({ path: '/open311/v2/services/no-such-code.xml' }),
  'GET /open311/v2/requests/:id.xml': (f) => ({ path: `/open311/v2/requests/${f.ticket.number}.xml` }),
  'GET /open311/v2/tokens/:token.xml': () => ({ path: `/open311/v2/tokens/${NO_TOKEN}.xml` }),
  'ALL /open311/v2': () => ({ path: '/open311/v2' }),
  'ALL /open311/v2/{*rest}': () => ({ path: '/open311/v2/no/such/thing' }),
};

export async function requestFor(key: string, f: F, who: Who | null): Promise<Req> {
  const [method, path] = key.split(' ');
  const build = BUILD[key];
  if (build) return build(f, who, key);
  if (/[:{]/.test(path)) throw new Error(`${key}: give it a request in BUILD so its parameters name a record`);
  return { path, body: method === 'GET' ? undefined : {} };
}

export async function send(client: Client, key: string, req: Req) {
  const method = key.startsWith('ALL ') ? 'GET' : key.split(' ')[0];
  const url = req.path.startsWith('/open311/') || req.path === '/healthz' ? req.path : API + req.path;
  return client.request(method, url, method === 'GET' ? undefined : (req.body ?? {}));
}
