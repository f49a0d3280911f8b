// The demo data set needs a database of its own: the shared test service starts without it (demoData false),
// and every other suite counts on that. SQLite on either test run, as `npm start` uses it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { loadConfig } from '../../config/default.ts';
import { migrateLatest } from '../../migrations/index.ts';
import { bootstrap } from '../../server/bootstrap.ts';
import { DEMO_PASSWORD, demoAccounts } from '../../server/demo/demo-data.ts';
import { CATEGORIES } from '../../server/demo/demo-catalogue.ts';
import { DEMO_PEERS } from '../../server/demo/demo-peer-keys.ts';
import { peersRepository } from '../../server/domain/peers/peers.repository.ts';
import { STATUSES } from '../../server/domain/tickets/ticket.types.ts';
import type { Actor } from '../../server/domain/users/actor.ts';
import { ROLES } from '../../server/domain/users/actor.ts';
import { createDb } from '../../server/lib/db.ts';
import { createLogger } from '../../server/lib/logger.ts';
import { createServices, type Services } from '../../server/services.ts';
import { periodOf } from '../../server/domain/hotspots/area-map.service.ts';

const count = async (s: Services, table: string) => Number((await s.db(table).count({ n: '*' }).first())?.n ?? 0);

describe('demo data', () => {
  let dir: string;
  let s: Services;
  let supervisor: Actor;
  const list = (over: Record<string, unknown>) =>
    s.tickets.list(supervisor, { sort: '-created_at', page: 1, per_page: 100, ...over });

  before(async function () {
    this.timeout(120_000);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hotline-demo-'));
    const config = loadConfig({
      dbClient: 'sqlite',
      dbFile: path.join(dir, 'demo.sqlite'),
      databaseUrl: undefined,
      demoData: true,
      // An ADMIN_USERNAME in the environment would take the demo administrator's place.
      adminUsername: undefined,
      adminPassword: undefined,
      logLevel: 'silent',
      auth: {
        maxFailedLogins: 5,
        lockMinutes: 15,
        maxFailedPerAddress: 1_000_000,
        idleMinutes: 30,
        sessionMaxHours: 12,
        scryptCost: 1024,
      },
    });
    const db = createDb(config);
    await migrateLatest(db);
    s = createServices({ db, config, logger: createLogger(config.logLevel) });
    const { demoLoaded } = await bootstrap(s);
    expect(demoLoaded).to.equal(true);
    const u = (await s.users.list({ role: 'supervisor' }))[0];
    supervisor = { id: u.id, role: u.role, department_id: u.department_id };
  });

  after(async () => {
    await s?.db.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('has departments in both leaderboard groups, each with mail addresses', async () => {
    const departments = await s.departments.list();
    for (const group of ['区县', '市直部门']) {
      expect(departments.filter((d) => d.group === group)).to.have.length.greaterThan(4);
    }
    for (const d of departments) {
      expect(d.email).to.match(/\.example$/);
      expect(d.head_email).to.match(/\.example$/);
    }
  });

  it(
    'has a month just ended whose board, once prepared, has red ' +
      'and blue lists in both groups for a supervisor to publish',
    async () => {
      const month = s.leaderboard.previousMonth();
      expect(await s.leaderboard.prepare(month)).to.equal(true);
      const board = await s.leaderboard.get(month);
      expect(board.status).to.equal('prepared');
      for (const group of ['区县', '市直部门']) {
        const g = board.groups.find((x) => x.group === group)!;
        expect(g.ranked.length, group).to.be.at.least(3);
        expect([g.red.length, g.blue.length], group).to.deep.equal([1, 1]);
      }
    },
  );

  it('has the city as a tree: streets under two districts, communities under them, each with a handler', async () => {
    const departments = await s.departments.list();
    const byName = new Map(departments.map((d) => [d.name, d]));
    const under = (name: string) => departments.filter((d) => d.parent_id === byName.get(name)!.id);
    for (const district of ['东城区', '朝阳区']) {
      expect(byName.get(district)!.kind).to.equal('district');
      const streets = under(district);
      expect(streets.length, district).to.be.within(2, 3);
      for (const street of streets) {
        expect([street.kind, street.group, street.parent_name, street.depth]).to.deep.equal([
          'street',
          '街道乡镇',
          district,
          1,
        ]);
        const communities = under(street.name);
        expect(communities.length, street.name).to.be.within(1, 2);
        for (const c of communities) {
          expect([c.kind, c.group, c.depth]).to.deep.equal(['community', '社区村', 2]);
          expect(c.path).to.deep.equal([byName.get(district)!.id, street.id, c.id]);
        }
      }
    }
    expect(byName.get('市交通委员会')!.kind).to.equal('municipal');
    expect(byName.get('市自来水集团')).to.include({ kind: 'enterprise', group: '公共企事业单位', parent_id: null });
    // Every unit has its handler, named handler_<key> in the README.
    for (const account of ['handler_hepingli', 'handler_hepingli7', 'handler_wangjing', 'handler_water']) {
      expect(
        demoAccounts().some((a) => a.username === account),
        account,
      ).to.equal(true);
    }
    // The district's handler sees its streets' and communities' orders (their units, read with the session).
    const { token } = await s.auth.login('handler_dongcheng', DEMO_PASSWORD);
    const units = (await s.auth.authenticate(token))!.units;
    const dongcheng = byName.get('东城区')!.id;
    const below = departments.filter((d) => d.path.includes(dongcheng)).map((d) => d.id);
    expect([...units].sort((a, b) => a - b)).to.deep.equal(below.sort((a, b) => a - b));
    expect(below.length).to.be.greaterThan(4);
  });

  it('gives every category a default department, or marks it 属地 as the matters of a place', async () => {
    const categories = await s.categories.list();
    expect(categories).to.have.length.greaterThan(10);
    for (const c of categories) {
      if (c.territorial) expect(c.department_id, c.name).to.equal(null);
      else expect(c.department_id, c.name).to.be.a('number');
    }
    // The matters the demo dispatches to the district of the address are the unit of the place's (属地).
    const local = CATEGORIES.filter((c) => c.local).map((c) => c.name);
    expect(categories.filter((c) => c.territorial).map((c) => c.name)).to.have.members(local);
  });

  it('has an account of every role that signs in with the demo password', async () => {
    const roles = new Set<string>();
    for (const a of demoAccounts()) {
      const { user } = await s.auth.login(a.username, DEMO_PASSWORD);
      expect(user.role).to.equal(a.role);
      roles.add(user.role);
    }
    expect([...roles].sort()).to.deep.equal([...ROLES].sort());
    const handlers = await s.users.list({ role: 'handler' });
    expect(new Set(handlers.map((h) => h.department_id)).size).to.equal((await s.departments.list()).length);
  });

  it('has tickets in every status', async () => {
    for (const status of STATUSES) {
      expect((await list({ status })).total, status).to.be.greaterThan(0);
    }
  });

  it('has a red card at the current time', async () => {
    const red = await list({ card: 'red' });
    expect(red.total).to.be.greaterThan(0);
    expect(red.items.every((t) => t.card === 'red')).to.equal(true);
  });

  it('shows returns, an extension, a suspension, a redo, supervision, urgent and confidential orders', async () => {
    const requests = await s.db('ticket_requests').select('kind', 'status');
    const has = (kind: string, status: string) => requests.some((r) => r.kind === kind && r.status === status);
    expect(has('return', 'pending') && has('return', 'approved')).to.equal(true);
    expect(has('extension', 'approved') && has('suspension', 'approved')).to.equal(true);
    expect(await s.db('tickets').where('reopen_count', '>', 0).first()).to.not.equal(undefined);
    expect(await count(s, 'supervisions')).to.be.greaterThan(0);
    expect(await s.db('tickets').where({ urgency: 'urgent' }).first()).to.not.equal(undefined);
    expect(await s.db('tickets').where({ confidential: true }).first()).to.not.equal(undefined);
    expect(await s.db('ticket_events').where({ action: 'answer' }).first()).to.not.equal(undefined);
  });

  it('shows a lead waiting for a co-unit (会办) and an order returned three times awaiting 指定', async () => {
    const co = await s.db('assignments').where({ role: 'co' }).select('ended_at', 'end_reason', 'signed_at');
    expect(co.some((a) => a.end_reason === 'replied')).to.equal(true);
    expect(co.some((a) => a.ended_at === null && a.signed_at !== null)).to.equal(true);
    const queue = await s.designations.list(supervisor);
    expect(queue.awaiting.some((x) => x.returns.length === 3)).to.equal(true);
  });

  it('shows orders passed down (转派): a reply awaiting its street, an order its street has to sign', async () => {
    const handlerOf = async (username: string): Promise<Actor> => {
      const u = (await s.users.list({ role: 'handler' })).find((x) => x.username === username)!;
      return { id: u.id, role: u.role, department_id: u.department_id };
    };
    const review = await s.levels.list(await handlerOf('handler_hepingli'), { view: 'review', page: 1, per_page: 20 });
    expect(review.items.map((i) => i.department_name)).to.include('和平里七区社区');
    const todo = await s.levels.list(await handlerOf('handler_wangjing'), { view: 'todo', page: 1, per_page: 20 });
    expect(todo.items.some((i) => i.status === 'dispatched' && i.parent_department_name === '朝阳区')).to.equal(true);
  });

  it('has between 150 and 300 tickets, each with a create event, none dated after now', async () => {
    const total = await count(s, 'tickets');
    expect(total).to.be.within(150, 300);
    const withoutCreate = await s
      .db('tickets as t')
      .whereNotExists((q) =>
        q.select('*').from('ticket_events as e').whereRaw('e.ticket_id = t.id').where('e.action', 'create'),
      )
      .count({ n: '*' })
      .first();
    expect(Number(withoutCreate?.n)).to.equal(0);
    const latest = await s.db('ticket_events').max({ at: 'created_at' }).first();
    expect(new Date(`${String(latest?.at).replace(' ', 'T')}Z`).getTime()).to.be.at.most(Date.now());
  });

  it(
    'has a knowledge base and four weeks of calls up to ' + 'now, with a live connection rate and callback queue',
    async () => {
      const { dayCallFigures } = await import('../../server/domain/calls/call-figures.ts');
      const operator: Actor = { id: null, role: 'operator', department_id: null };
      const found = await s.knowledge.search(operator, { q: '公积金', page: 1, per_page: 20 });
      expect(found.items[0].title).to.equal('住房公积金提取条件与办理流程');
      // The caller's words in another order find it first; every department has an article of its own to maintain.
      expect((await s.knowledge.search(operator, { q: '提取公积金', page: 1, per_page: 20 })).items[0].title).to.equal(
        '住房公积金提取条件与办理流程',
      );
      const owners = (await s.db('knowledge_articles').distinct('department_id').whereNotNull('department_id')).map(
        (r: any) => r.department_id,
      );
      const handled = (await s.db('users').distinct('department_id').where({ role: 'handler' })).map(
        (r: any) => r.department_id,
      );
      expect(owners).to.include.members(handled);
      expect(await count(s, 'calls')).to.be.within(400, 2000);
      const latest = await s.db('calls').max({ at: 'started_at' }).first();
      expect(new Date(`${String(latest?.at).replace(' ', 'T')}Z`).getTime()).to.be.at.most(Date.now());
      const yesterday = new Date(Date.now() - 86_400_000 + 8 * 3600_000).toISOString().slice(0, 10);
      const f = await dayCallFigures(s.db, yesterday);
      expect(f.inbound).to.be.greaterThan(0);
      expect(f.connection_rate).to.be.within(0.6, 0.98);
      const callbacks = await s.db('missed_call_callbacks').select('status').count({ n: '*' }).groupBy('status');
      expect(callbacks.map((r: any) => r.status).sort()).to.deep.equal(['done', 'open']);
    },
  );

  it(
    'gives operators a dispatch queue with an overdue wait, ' + 'a returned order in it, and unsigned orders to recall',
    async () => {
      const q = await s.dispatchQueue.list({ page: 1, per_page: 100 });
      expect(q.total).to.be.at.least(3);
      expect(q.overdue).to.be.at.least(1);
      const since = q.items.map((x) => x.waiting_since);
      expect(since).to.deep.equal([...since].sort());
      const returned = await s.db('ticket_events').where({ action: 'return_approved' }).pluck('ticket_id');
      expect(q.items.some((x) => returned.includes(x.id))).to.equal(true);
      const unsigned = (await list({ status: 'dispatched' })).items.filter((x) => x.type !== 'rectification');
      expect(unsigned.length).to.be.at.least(1);
    },
  );

  it(
    'gives handler_chaoyang every inbox job: orders to sign, a ' +
      'supervised one, one past its return window, a confidential one',
    async () => {
      const u = (await s.users.list({ role: 'handler' })).find((x) => x.username === 'handler_chaoyang')!;
      const handler: Actor = { id: u.id, role: 'handler', department_id: u.department_id };
      const mine = (
        await s.tickets.list(handler, {
          sort: '-created_at',
          page: 1,
          per_page: 100,
          status: ['dispatched', 'accepted', 'suspended'],
        } as never)
      ).items;
      const details = await Promise.all(mine.map((t) => s.tickets.detail(handler, t.id)));
      expect(
        details.some((t) => t.allowed_actions.includes('sign') && t.allowed_actions.includes('reveal_phone')),
      ).to.equal(true);
      expect(mine.some((t) => t.supervised_at !== null)).to.equal(true);
      // Held and open to a reply or an extension, but past the 2-working-day window: no 退单 offered.
      expect(
        details.some((t) => t.allowed_actions.includes('extension') && !t.allowed_actions.includes('return')),
      ).to.equal(true);
      const secret = details.filter((t) => t.confidential);
      expect(secret.length).to.be.at.least(1);
      for (const t of secret)
        expect([t.caller_phone, t.allowed_actions.includes('reveal_phone')]).to.deep.equal([null, false]);
    },
  );

  it(
    'gives operators callbacks in every state: failed attempts, ' +
      'a resident who rated, unreachable, overdue missed calls',
    async () => {
      const operator: Actor = { id: null, role: 'operator', department_id: null };
      const waiting = (await list({ status: 'replied' })).items;
      expect(waiting.some((x) => x.callback_failures === 2)).to.equal(true);
      const rated = await Promise.all(waiting.map((x) => s.actions.callbackStatus(x.id)));
      expect(rated.some((c) => c.resident_rating !== null)).to.equal(true);
      expect(await s.db('ticket_callbacks').where({ outcome: 'unreachable' })).to.have.length(1);
      expect((await s.db('ticket_callbacks').whereNotNull('solved')).length).to.be.greaterThan(10);
      const missed = await s.callbacks.list(operator, { status: 'open', page: 1, per_page: 100 });
      expect(missed.items.some((c) => c.overdue)).to.equal(true);
      expect(missed.items.some((c) => !c.overdue && c.attempt_count === 0)).to.equal(true);
      expect(missed.items.some((c) => c.attempt_count > 0)).to.equal(true);
    },
  );

  it(
    'gives supervisor1 two held bursts of five-star ' + "ratings to decide, beside residents' ratings that count",
    async () => {
      const { items, held } = await s.ratingFlags.bursts(supervisor);
      expect(items.map((b) => [b.kind, b.score, b.count])).to.deep.equal([
        ['window', 5, 12],
        ['staff', 5, 6],
      ]);
      expect(held).to.equal(18);
      expect(items.map((b) => b.window_name ?? b.staff_name)).to.deep.equal(['社保综合窗口 3号', '王晓红']);
      const counted = await s
        .db('ratings')
        .where({ channel: 'qr', flagged: false, voided: false })
        .count({ n: '*' })
        .first();
      expect(Number(counted!.n)).to.be.greaterThan(20);
      expect(await s.figures.verify()).to.deep.equal([]);
    },
  );

  it('links recorded calls to phone orders, one an appealed bad review (docs/rules/attachments.md)', async () => {
    const recorded = await s.db('calls').whereNotNull('recording_ref').whereNotNull('ticket_id');
    expect(recorded.length).to.be.at.least(3);
    expect(recorded.every((c) => /^demo\/\d+\.wav$/.test(c.recording_ref))).to.equal(true);
    const ticketIds = recorded.map((c) => c.ticket_id);
    const appealed = await s
      .db('ratings')
      .join('rating_appeals', 'rating_appeals.rating_id', 'ratings.id')
      .whereIn('ratings.ticket_id', ticketIds);
    expect(appealed.length, 'an appeal whose order has a recording').to.be.at.least(1);
    // No telephone system in the demo: the order's calls say so, and a play answers 503 (not configured).
    const operator = (await s.users.list({ role: 'operator' }))[0];
    const actor = { id: operator.id, role: operator.role, department_id: null };
    const calls = await s.recordings.ofTicket(actor, recorded[0].ticket_id);
    expect(calls.recordings_configured).to.equal(false);
    const err = await s.recordings.play(actor, recorded[0].id).catch((e) => e);
    expect(err.status).to.equal(503);
  });

  it('has the connected systems of docs/integration.md, each with its published key sealed', async () => {
    for (const demo of Object.values(DEMO_PEERS)) {
      const found = await peersRepository.findKey(s.db, demo.keyId);
      expect(found?.peer.code, demo.code).to.equal(demo.code);
      expect(found!.key.secret_sealed).to.not.include(demo.secret);
      expect(s.sealer.unseal(found!.key.secret_sealed)).to.equal(demo.secret);
    }
    const linkage = await peersRepository.activeOfKind(s.db, 'linkage');
    expect(linkage.map((p) => p.partner)).to.include('110');
  });

  it("has the civic app's Open311 requests waiting in 待派单, one with attribute fields, each with a token", async () => {
    const requests = await s
      .db('open311_requests as r')
      .join('tickets as t', 't.id', 'r.ticket_id')
      .select('t.*', 'r.*');
    expect(requests).to.have.length(2);
    expect(requests.every((r) => r.status === 'received' && /^[0-9a-f-]{36}$/.test(r.token))).to.equal(true);
    const withAttributes = requests.find((r) => r.attributes);
    expect(JSON.parse(withAttributes.attributes)).to.deep.equal({ floor: '3', time_of_day: ['22:00', '02:00'] });
    expect(withAttributes.description).to.include('floor=3; time_of_day=22:00, 02:00');
  });

  it("has the provincial platform's orders: two waiting in 待派单, one dispatched by its sooner deadline", async () => {
    const orders = await s.db('upstream_orders as u').join('tickets as t', 't.id', 'u.ticket_id').select('t.*', 'u.*');
    // Beside them, the one closed whose changes went back to the platform (the next test).
    expect(orders.filter((o) => o.status !== 'closed')).to.have.length(3);
    expect(orders.every((o) => o.channel === 'upstream' && Boolean(o.peer_feed))).to.equal(true);
    expect(orders.filter((o) => o.status === 'received')).to.have.length(2);
    const sent = orders.find((o) => o.status === 'dispatched');
    expect(sent.due_at).to.equal(sent.upstream_due_at);
  });

  it('has a closed provincial order whose changes were queued back to the platform, in order', async () => {
    const closed = await s
      .db('upstream_orders as u')
      .join('tickets as t', 't.id', 'u.ticket_id')
      .where('t.status', 'closed');
    expect(closed).to.have.length(1);
    const sent = await s
      .db('outbox')
      .where({ kind: 'webhook', stream: `ticket:${closed[0].ticket_id}` })
      .orderBy('id');
    const events = sent.map((m: { body: string }) => JSON.parse(m.body).event);
    expect(events).to.deep.equal(['dispatched', 'signed', 'replied', 'rated', 'closed']);
  });

  it('has a webhook the 好差评 system refused, listed as failing in 对接系统 for a replay', async () => {
    const failing = await s.peers.deliveries({ state: 'failing', limit: 100 });
    const refused = failing.find((d) => d.stream === 'rating:demo-refused');
    expect(refused).to.include({ peer: DEMO_PEERS.provinceRatings.code, state: 'failed', failing: true });
    expect(refused!.last_error).to.match(/^HTTP 422/);
  });

  it("queues every counted rating to the 好差评 system once, under its order's or window's item code", async () => {
    const peer = await s.db('peers').where({ code: DEMO_PEERS.provinceRatings.code }).first('id');
    const created = await s
      .db('outbox')
      .where({ kind: 'webhook', peer_id: peer.id, subject: 'rating.created' })
      .whereLike('stream', 'rating:%')
      .select('body');
    const bodies = created.map((m: { body: string }) => JSON.parse(m.body));
    const counted = await s.db('ratings').where({ voided: false, flagged: false }).count({ n: '*' }).first();
    expect(bodies.length).to.be.at.least(Number(counted!.n));
    expect(new Set(bodies.map((b) => b.rating_id)).size).to.equal(bodies.length);
    const qr = bodies.filter((b) => b.channel === 'qr');
    expect(qr, 'window ratings').to.not.be.empty;
    expect(qr.every((b) => /^11510100000000-030[23]01$/.test(b.item_code))).to.equal(true);
    const orders = bodies.filter((b) => /^\d{14}$/.test(b.project_no));
    expect(orders, "orders' ratings").to.not.be.empty;
    expect(orders.some((b) => /^11510100000000-\d+$/.test(b.item_code ?? ''))).to.equal(true);
  });

  it('shows 110 linkage: transferred calls counted, orders sent to 110 and one received from it', async () => {
    const rows = await s.db('linkage_orders').orderBy('id');
    expect(rows.map((r: { direction: string; status: string }) => `${r.direction}:${r.status}`)).to.deep.equal([
      'out:handled',
      'out:sent',
      'in:accepted',
    ]);
    const transfers = await s.db('calls').whereNotNull('transferred_to').count({ n: '*' }).first();
    expect(Number(transfers?.n)).to.be.at.least(5);
    const fed = await s.db('ticket_feeds').where({ kind: 'linkage' });
    expect(fed).to.have.length(1);
  });

  it("shows the warnings' life: the older surge assigned and closed, the newest acknowledged", async () => {
    const rows = await s
      .db('surge_warnings as w')
      .join('categories as c', 'c.id', 'w.category_id')
      .leftJoin('departments as d', 'd.id', 'w.assigned_unit_id')
      .orderBy('w.first_day')
      .select('w.status', 'c.name as category', 'd.name as unit', 'w.resolution', 'w.acknowledged_by');
    expect(rows.map((r: { status: string; category: string }) => `${r.category}:${r.status}`)).to.deep.equal([
      '停水停电:closed',
      '供暖问题:acknowledged',
    ]);
    expect(rows[0].unit).to.equal('市自来水集团');
    expect(rows[0].resolution).to.match(/^已协调/);
    const mails = await s.db('outbox').where('dedupe_key', 'like', 'surge:assign:%').count({ n: '*' }).first();
    expect(Number(mails?.n)).to.be.at.least(1);
  });

  it('draws a made-up city on the map, its areas shaded by orders and the open surge warning', async () => {
    const { areas } = await s.areaMaps.areas(periodOf({ days: 30 }));
    const named = new Map(areas.map((x) => [x.name, x]));
    for (const name of ['东城区', '西城区', '朝阳区', '海淀区', '丰台区', '通州区', '望京街道', '和平里七区社区']) {
      expect(named.has(name), name).to.equal(true);
    }
    expect(named.get('朝阳区')!.orders).to.be.above(0);
    // The 供暖问题 surge of 和平里七区社区 is acknowledged, not closed: it counts for the community and its district.
    expect(named.get('和平里七区社区')!.open_warnings).to.be.at.least(1);
    expect(named.get('东城区')!.open_warnings).to.be.at.least(named.get('和平里七区社区')!.open_warnings);
  });

  it('raises the two planted surges, no other, each with a mail to the head and a text to the liaison', async () => {
    const rows = await s
      .db('surge_warnings as w')
      .join('departments as d', 'd.id', 'w.area_unit_id')
      .join('categories as c', 'c.id', 'w.category_id')
      .orderBy('w.first_day')
      .select('w.id', 'd.name as area', 'c.name as category', 'w.count');
    expect(rows.map((r) => [r.area, r.category, Number(r.count)])).to.deep.equal([
      ['望京西园四区社区', '停水停电', 10],
      ['和平里七区社区', '供暖问题', 12],
    ]);
    for (const r of rows) {
      expect(await s.db('outbox').where({ dedupe_key: `surge:mail:head:${r.id}` })).to.have.length(1);
      expect(await s.db('outbox').where({ dedupe_key: `sms:surge:${r.id}` })).to.have.length(1);
    }
  });

  it('adds nothing when the database is bootstrapped again', async () => {
    const tables = ['departments', 'categories', 'users', 'tickets', 'ticket_events', 'ratings'];
    const before = await Promise.all(tables.map((t) => count(s, t)));
    const { demoLoaded } = await bootstrap(s);
    expect(demoLoaded).to.equal(false);
    expect(await Promise.all(tables.map((t) => count(s, t)))).to.deep.equal(before);
  });

  // Last: it signs and passes down one of 朝阳区's orders, which the inbox test above counts on.
  it('lets a district pass a demo order of a 属地 matter down to its street', async () => {
    const districts = (await s.departments.list()).filter((d) => d.kind === 'district' && d.name === '朝阳区');
    const territorial = new Set((await s.categories.list()).filter((c) => c.territorial).map((c) => c.id));
    const held = (await list({ department_id: districts[0].id, status: 'dispatched' })).items.filter(
      (t: { category_id: number | null }) => t.category_id !== null && territorial.has(t.category_id),
    );
    expect(held, 'a dispatched 属地 order at 朝阳区').to.not.be.empty;
    const u = (await s.users.list({ role: 'handler' })).find((x) => x.username === 'handler_chaoyang')!;
    const handler: Actor = { id: u.id, role: u.role, department_id: u.department_id };
    const t = held[0];
    const signed = await s.actions.sign(handler, t.id, { version: t.version });
    expect((await s.tickets.detail(handler, t.id)).allowed_actions).to.include('pass_down');
    const street = (await s.departments.list()).find((d) => d.name === '望京街道')!;
    await s.levels.passDown(handler, t.id, { version: signed.version, department_id: street.id });
    const chain = (await s.tickets.detail(handler, t.id)).levels.map((l: { department_id: number }) => l.department_id);
    expect(chain).to.include(street.id);
  });
});
