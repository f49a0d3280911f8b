// The suggested dispatch over HTTP (docs/rules/intake.md "Suggested dispatch"): learnt from the orders this city
// dispatched and its units answered, asked by the console while an operator types.
import { expect } from 'chai';
import * as suggestTrain from '../../jobs/suggest-train.job.ts';
import { clock } from '../../server/lib/clock.ts';
import { Client } from '../helpers/http.ts';
import { makeCategory } from '../helpers/factories.ts';
import { testApp } from '../helpers/test-app.ts';
import { createTicket, hotline, ok, replied, type Hotline } from '../helpers/tickets.ts';

const RUBBISH = ['小区垃圾桶满溢没人清运', '楼下垃圾堆放多日无人清理', '垃圾站臭味很大', '装修垃圾堆在绿地上'];
const WAGES = ['公司拖欠工资两个月', '老板拖欠工资联系不上', '工地拖欠农民工工资', '离职后公司扣发工资'];

const ask = (api: Client, q: Record<string, string>) =>
  api.get(`/api/v1/tickets/suggest?${new URLSearchParams(q).toString()}`);

describe('suggested dispatch (GET /tickets/suggest)', () => {
  let h: Hotline;
  let rubbish: { id: number; name: string };
  let wages: { id: number; name: string };
  const learn = async () => (await testApp()).services.suggest.train();

  before(async function () {
    this.timeout(120_000);
    h = await hotline();
    clock.set('2026-11-16T10:00:00+08:00');
    await h.signInAgain();
    // The catalogue names the other unit for rubbish; the city's orders of it were answered by h.dept.
    rubbish = await makeCategory(h.other.id);
    wages = await makeCategory(h.dept.id);
    for (let i = 0; i < 12; i++) {
      const r = RUBBISH[i % RUBBISH.length];
      const w = WAGES[i % WAGES.length];
      await replied(h, { category_id: rubbish.id, title: r, description: `来电人反映${r}，希望尽快处理。` });
      await replied(h, { category_id: wages.id, title: w, description: `来电人反映${w}，希望协调解决。` });
    }
    // Not learnt from: an order never dispatched.
    await createTicket(h.operator, { category_id: wages.id, title: '垃圾清运', description: '垃圾没人清运' });
  });

  beforeEach(async () => {
    clock.set('2026-11-16T11:00:00+08:00');
    await h.signInAgain();
  });

  it("suggests the category and the unit the city's answered orders point to, with its confidence", async () => {
    await learn();
    const body = await ok(
      ask(h.operator, { title: '垃圾桶满了没人清运', description: '小区楼下的垃圾好几天没人清运，臭味很大。' }),
    );
    expect(body.model).to.deep.equal({ trained_at: '2026-11-16T03:00:00.000Z', orders: 24 });
    const s = body.suggestion;
    expect(s.category).to.include({ id: rubbish.id, name: rubbish.name, code: null });
    expect(s.category.confidence).to.be.above(0.5).and.at.most(0.999);
    // History outvotes the catalogue: rubbish orders were answered by h.dept, not the catalogue's unit.
    expect(s.department).to.include({ id: h.dept.id, name: h.dept.name });
    expect(s.department.confidence).to.be.above(0.5).and.at.most(0.999);
    expect(s.alternatives.map((a: { id: number }) => a.id)).to.deep.equal([wages.id]);
    expect(s.alternatives[0].confidence).to.be.below(s.category.confidence);

    const pay = await ok(ask(h.supervisor, { title: '公司拖欠工资', address: '朝阳区某路 3 号' }));
    expect(pay.suggestion.category.id).to.equal(wages.id);
    expect(pay.suggestion.department.id).to.equal(h.dept.id);
  });

  it('suggests nothing when unsure: words it never learnt', async () => {
    const body = await ok(ask(h.operator, { title: '护照签证怎么申请', description: '出国旅游需要护照' }));
    expect(body.suggestion).to.equal(null);
    expect(body.model.orders).to.equal(24);
  });

  it('never suggests a category no longer active', async () => {
    await ok(h.admin.patch(`/api/v1/categories/${rubbish.id}`, { active: false }));
    try {
      const body = await ok(ask(h.operator, { title: '垃圾桶满了没人清运', description: '垃圾没人清运' }));
      const ids = [body.suggestion?.category.id, ...(body.suggestion?.alternatives ?? []).map((a: any) => a.id)];
      expect(ids).to.not.include(rubbish.id);
    } finally {
      await ok(h.admin.patch(`/api/v1/categories/${rubbish.id}`, { active: true }));
    }
  });

  it('learns again in the nightly job: orders answered since are counted', async () => {
    const w = WAGES[0];
    await replied(h, { category_id: wages.id, title: w, description: w });
    const result = await suggestTrain.run({
      services: (await testApp()).services,
      signal: new AbortController().signal,
      now: clock.now(),
    });
    expect(result).to.deep.equal({ orders: 25 });
    const body = await ok(ask(h.operator, { title: '公司拖欠工资' }));
    expect(body.model).to.deep.equal({ trained_at: '2026-11-16T03:00:00.000Z', orders: 25 });
  });

  it('answers with the model it has once that is a day old, and learns again meanwhile', async () => {
    const { services } = await testApp();
    await learn();
    await h.travel('2026-11-17T14:00:00+08:00'); // 27 hours later
    const stale = await ok(ask(h.operator, { title: '公司拖欠工资' }));
    expect(stale.model.trained_at).to.equal('2026-11-16T03:00:00.000Z');
    // Waits for the refresh the request started (or, were it already done, learns again at the same moment).
    await services.suggest.train();
    const fresh = await ok(ask(h.operator, { title: '公司拖欠工资' }));
    expect(fresh.model.trained_at).to.equal('2026-11-17T06:00:00.000Z');
    expect(fresh.suggestion.category.id).to.equal(wages.id);
  });

  it('is for the hotline: a handler is refused (403), no session is 401', async () => {
    const q = { title: '垃圾桶满了没人清运' };
    const refused = await ask(h.handler, q);
    expect(refused.status).to.equal(403);
    expect(refused.body.error.code).to.equal('FORBIDDEN');
    expect((await ask(new Client((await testApp()).baseUrl), q)).status).to.equal(401);
  });

  it('refuses bad input (400, naming the field): no words, too long, unknown parameters', async () => {
    for (const [q, field] of [
      [{}, 'title'],
      [{ title: '  ', description: '' }, 'title'],
      [{ title: '垃'.repeat(201) }, 'title'],
      [{ title: '垃圾', address: '路'.repeat(256) }, 'address'],
      [{ title: '垃圾', category_id: '1' }, 'category_id'],
    ] as const) {
      const res = await ask(h.operator, q as Record<string, string>);
      expect(res.status, JSON.stringify(q)).to.equal(400);
      expect(JSON.stringify(res.body.error.details)).to.include(field);
    }
  });
});
