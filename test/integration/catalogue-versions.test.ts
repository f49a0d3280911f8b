import { expect } from 'chai';
import { hotline, ok, type Hotline } from '../helpers/tickets.ts';
import { makeDepartment, signedIn, signIn, ticketInput, uniq } from '../helpers/factories.ts';
import { testApp } from '../helpers/test-app.ts';

// Versions of the dispatch catalogue (docs/rules/catalogue.md): a version imported today, a changed one effective
// later, the history and diff, the categories following the version in force, and a dispatch judged by the version
// in force when it was made, whatever a later version says.
describe('catalogue versions (目录版本)', () => {
  let h: Hotline;
  let bureau: { id: number; name: string };
  const header = 'code,name,parent_code,responsible_unit,duty_basis,severity_tier\n';
  let v1: { id: number };
  let v2: { id: number };
  before(async function () {
    this.timeout(120_000);
    h = await hotline();
    bureau = await makeDepartment('市直部门');
  });
  const at = (day: string) => h.travel(`${day}T10:00:00+08:00`);

  it('imports version 1 today and a changed version 2 effective later, each kept whole', async () => {
    await at('2027-05-10');
    const first =
      header +
      `07,城市管理,,${h.dept.id},,\n` +
      `0701,违章建筑,07,${h.dept.id},《城乡规划法》第六十四条,normal\n` +
      `0702,井盖缺失,07,${h.dept.id},,life\n` +
      `0703,路灯不亮,07,${h.dept.id},,normal\n`;
    v1 = await ok(h.admin.post('/api/v1/catalogue/versions', { csv: first, label: 'V1' }), 201);
    // Version 2 from 1 June: 违章建筑 moves to the bureau, 井盖缺失 becomes utility, 路灯不亮 goes, 共享单车 comes.
    const second =
      header +
      `07,城市管理,,${h.dept.id},,\n` +
      `0701,违章建筑,07,${bureau.name},《城乡规划法》第六十四条,normal\n` +
      `0702,井盖缺失,07,${h.dept.id},,utility\n` +
      `0704,共享单车,07,${bureau.id},,normal\n`;
    v2 = await ok(
      h.admin.post('/api/v1/catalogue/versions', { csv: second, label: 'V2', effective_from: '2027-06-01' }),
      201,
    );
    const list = (await ok(h.admin.get('/api/v1/catalogue/versions'))) as any[];
    expect(list.map((v) => [v.label, v.effective_from, v.entry_count, v.in_force])).to.deep.equal([
      ['V1', '2027-05-10', 4, true],
      ['V2', '2027-06-01', 4, false],
    ]);
    const one = await ok(h.admin.get(`/api/v1/catalogue/versions/${v1.id}`));
    expect(one.entries.map((e: any) => e.code)).to.deep.equal(['07', '0701', '0702', '0703']);
  });

  it('diffs the versions: added, removed, responsible unit and tier changed', async () => {
    const d = await ok(h.admin.get(`/api/v1/catalogue/versions/${v2.id}/diff`));
    expect(d.from.id).to.equal(v1.id);
    expect(d.added.map((e: any) => e.code)).to.deep.equal(['0704']);
    expect(d.removed.map((e: any) => e.code)).to.deep.equal(['0703']);
    const changed = Object.fromEntries(d.changed.map((c: any) => [c.code, c.changes]));
    expect(changed['0701']).to.deep.equal({ department_id: { from: h.dept.id, to: bureau.id } });
    expect(changed['0702']).to.deep.equal({ severity_tier: { from: 'life', to: 'utility' } });
  });

  it('reads the catalogue as in force on a day, and the categories follow it when its day comes', async () => {
    await at('2027-05-20');
    const may = await ok(h.operator.get('/api/v1/catalogue?date=2027-05-31'));
    expect(may.version.label).to.equal('V1');
    const june = await ok(h.operator.get('/api/v1/catalogue?date=2027-06-01'));
    expect(june.version.label).to.equal('V2');
    expect(june.entries.find((e: any) => e.code === '0701').department_name).to.equal(bureau.name);
    const before = (await ok(h.operator.get('/api/v1/categories'))) as any[];
    const code = (cs: any[], c: string) => cs.find((x) => x.code === c);
    expect(code(before, '0701').department_id).to.equal(h.dept.id);
    expect(code(before, '0703').active).to.equal(true);
    expect(code(before, '0704').active).to.equal(false);

    await at('2027-06-01');
    const after = (await ok(h.operator.get('/api/v1/categories'))) as any[];
    expect(code(after, '0701').department_id).to.equal(bureau.id);
    expect(code(after, '0702').severity_tier).to.equal('utility');
    expect(code(after, '0703').active).to.equal(false);
    expect(code(after, '0704').active).to.equal(true);
  });

  it('judges a dispatch by the version in force when it was made, not by a later one', async () => {
    const categories = (await ok(h.operator.get('/api/v1/categories'))) as any[];
    const illegal = categories.find((c) => c.code === '0701');
    // 20 May: version 1 names h.dept for 违章建筑; one order goes there, another to the bureau.
    await at('2027-05-20');
    const right = await ok(h.operator.post('/api/v1/tickets', ticketInput({ category_id: illegal.id })), 201);
    await ok(
      h.operator.post(`/api/v1/tickets/${right.id}/dispatch`, { version: right.version, department_id: h.dept.id }),
    );
    const wrong = await ok(h.operator.post('/api/v1/tickets', ticketInput({ category_id: illegal.id })), 201);
    await ok(
      h.operator.post(`/api/v1/tickets/${wrong.id}/dispatch`, { version: wrong.version, department_id: bureau.id }),
    );
    // 2 June: version 2 names the bureau. The May dispatches are still judged by version 1.
    await at('2027-06-02');
    const r = await ok(h.supervisor.get(`/api/v1/tickets/${right.id}/catalogue-check`));
    expect(r.dispatches).to.have.length(1);
    expect(r.dispatches[0]).to.deep.include({ department_id: h.dept.id, matched: true });
    expect(r.dispatches[0].version).to.deep.include({ id: v1.id, effective_from: '2027-05-10' });
    expect(r.dispatches[0].entry).to.include({ code: '0701', department_id: h.dept.id });
    const w = await ok(h.supervisor.get(`/api/v1/tickets/${wrong.id}/catalogue-check`));
    expect(w.dispatches[0]).to.deep.include({ department_id: bureau.id, matched: false });

    // A June dispatch of the same category to h.dept is judged by version 2: not the unit it named.
    const june = await ok(h.operator.post('/api/v1/tickets', ticketInput({ category_id: illegal.id })), 201);
    await ok(
      h.operator.post(`/api/v1/tickets/${june.id}/dispatch`, { version: june.version, department_id: h.dept.id }),
    );
    const j = await ok(h.handler.get(`/api/v1/tickets/${june.id}/catalogue-check`));
    expect(j.dispatches[0]).to.deep.include({ matched: false });
    expect(j.dispatches[0].entry.department_id).to.equal(bureau.id);
    // Another unit's handler does not read it.
    expect((await h.otherHandler.get(`/api/v1/tickets/${june.id}/catalogue-check`)).status).to.equal(403);
  });

  it('gives each order of a creation batch the tier of its own category, as it would get alone', async () => {
    // The one-screen intake reads a batch's catalogue entries together (catalogue-entry.ts entriesAt): 井盖缺失 is a
    // utility matter in version 2, 违章建筑 normal, 路灯不亮 left out of it (coded, so no entry: normal).
    await at('2027-06-03');
    const categories = (await ok(h.operator.get('/api/v1/categories'))) as any[];
    const codes = ['0702', '0701', '0703'];
    const ids = codes.map((code) => categories.find((c) => c.code === code)?.id);
    const post = (categoryId: number, i: number, tag: string) =>
      h.operator.post(
        '/api/v1/tickets',
        ticketInput({ category_id: categoryId, department_id: h.dept.id, caller_phone: `1390001${tag}${i}00` }),
        { 'Idempotency-Key': uniq(`tier-${tag}-${i}`) },
      );
    const deadlinesOf = (t: any) => [t.sign_deadline_at, t.due_at];
    const alone = [];
    for (const [i, id] of ids.entries()) alone.push(await ok(post(id, i, '1'), 201));
    const together = await Promise.all(ids.map(async (id, i) => ok(post(id, i, '2'), 201)));
    expect(together.map(deadlinesOf)).to.deep.equal(alone.map(deadlinesOf));
    // The utility matter's deadlines are its tier's own, not the normal order's.
    expect(deadlinesOf(together[0])).to.not.deep.equal(deadlinesOf(together[1]));
    expect(deadlinesOf(together[2])).to.deep.equal(deadlinesOf(together[1]));
  });

  it('lets the street an order was passed down to read the check; a functional duty stays off it', async () => {
    const { services } = await testApp();
    const unit = (kind: 'district' | 'street', parent_id: number | null) =>
      services.departments.create({ name: uniq(kind), group: '区县', kind, parent_id });
    const district = await unit('district', null);
    const street = await unit('street', district.id);
    const districtHandler = await signedIn('handler', district.id);
    const streetHandler = await signedIn('handler', street.id);
    await at('2027-06-03');
    const csv =
      header + `09,街面秩序,,,,\n0901,占道摆摊,09,${district.name},,normal\n0902,违规广告,09,${bureau.name},,normal\n`;
    await ok(h.admin.post('/api/v1/catalogue/versions', { csv }), 201);
    const cats = (await ok(h.operator.get('/api/v1/categories'))) as any[];
    const byCode = (code: string) => cats.find((c) => c.code === code).id;
    const passDown = async (code: string) => {
      const t = await ok(h.operator.post('/api/v1/tickets', ticketInput({ category_id: byCode(code) })), 201);
      const d = await ok(
        h.operator.post(`/api/v1/tickets/${t.id}/dispatch`, { version: t.version, department_id: district.id }),
      );
      const api = await signIn(districtHandler.user.username);
      const signed = await ok(api.post(`/api/v1/tickets/${t.id}/sign`, { version: d.version }));
      return {
        t,
        res: await api.post(`/api/v1/tickets/${t.id}/pass-down`, { version: signed.version, department_id: street.id }),
      };
    };
    const local = await passDown('0901');
    expect(local.res.status, JSON.stringify(local.res.body)).to.equal(200);
    const check = await ok(
      (await signIn(streetHandler.user.username)).get(`/api/v1/tickets/${local.t.id}/catalogue-check`),
    );
    expect(check.dispatches[0]).to.deep.include({ department_id: district.id, matched: true });
    // 违规广告 names the bureau (a municipal, functional department): its duty is not pushed down to a street.
    const functional = await passDown('0902');
    expect(functional.res.status).to.equal(409);
  });

  it('marks 属地 matters: diffed from a unit, judged by any district, street or community, passed down', async () => {
    const { services } = await testApp();
    const unit = (kind: 'district' | 'street' | 'community', parent_id: number | null) =>
      services.departments.create({ name: uniq(kind), group: '区县', kind, parent_id });
    const district = await unit('district', null);
    const street = await unit('street', district.id);
    const community = await unit('community', street.id);
    const districtHandler = await signedIn('handler', district.id);
    const streetHandler = await signedIn('handler', street.id);
    await at('2027-06-04');
    const districtApi = await signIn(districtHandler.user.username);
    const streetApi = await signIn(streetHandler.user.username);
    const before = (await ok(h.admin.get('/api/v1/catalogue/versions'))) as any[];
    // 占道摆摊 moves from the district it named to 属地; 楼道堆物 comes as 属地; 违规广告 stays the bureau's.
    const csv =
      header +
      `09,街面秩序,,,,\n0901,占道摆摊,09,属地,,normal\n0902,违规广告,09,${bureau.name},,normal\n` +
      `0903,楼道堆物,09,属地,,normal\n`;
    const v = await ok(h.admin.post('/api/v1/catalogue/versions', { csv, label: 'V属地' }), 201);
    const d = await ok(h.admin.get(`/api/v1/catalogue/versions/${v.id}/diff`));
    expect(d.from.id).to.equal(before[before.length - 1].id);
    const changed = Object.fromEntries(d.changed.map((c: any) => [c.code, c.changes]));
    expect(changed['0901'].department_id.to).to.equal(null);
    expect(changed['0901'].territorial).to.deep.equal({ from: false, to: true });
    expect(changed['0902']).to.equal(undefined);
    expect(d.added.find((e: any) => e.code === '0903')).to.include({ territorial: true, department_id: null });

    const cats = (await ok(h.operator.get('/api/v1/categories'))) as any[];
    const byCode = (code: string) => cats.find((c) => c.code === code).id;
    const dispatch = async (code: string, department_id: number) => {
      const t = await ok(h.operator.post('/api/v1/tickets', ticketInput({ category_id: byCode(code) })), 201);
      return ok(h.operator.post(`/api/v1/tickets/${t.id}/dispatch`, { version: t.version, department_id }));
    };
    const check = async (id: number) =>
      (await ok(h.supervisor.get(`/api/v1/tickets/${id}/catalogue-check`))).dispatches[0];
    // Judged: any unit of a place matches a 属地 entry; a functional bureau does not.
    const toDistrict = await dispatch('0903', district.id);
    const judged = await check(toDistrict.id);
    expect(judged).to.deep.include({ department_id: district.id, matched: true });
    expect(judged.entry).to.include({ code: '0903', territorial: true, department_id: null });
    expect(await check((await dispatch('0903', community.id)).id)).to.deep.include({ matched: true });
    expect(await check((await dispatch('0903', bureau.id)).id)).to.deep.include({ matched: false });

    // Passed down: the district offers pass_down and hands the 属地 order to its street, the street to its community.
    const signed = await ok(districtApi.post(`/api/v1/tickets/${toDistrict.id}/sign`, { version: toDistrict.version }));
    const read = await ok(districtApi.get(`/api/v1/tickets/${toDistrict.id}`));
    expect(read.allowed_actions).to.include('pass_down');
    const down = await ok(
      districtApi.post(`/api/v1/tickets/${toDistrict.id}/pass-down`, {
        version: signed.version,
        department_id: street.id,
      }),
    );
    const view = await ok(streetApi.get(`/api/v1/tickets/${toDistrict.id}`));
    const level = view.levels.find((l: any) => l.department_id === street.id);
    const streetSigned = await ok(
      streetApi.post(`/api/v1/tickets/${toDistrict.id}/levels/${level.id}/sign`, { version: down.version }),
    );
    const deeper = await streetApi.post(`/api/v1/tickets/${toDistrict.id}/pass-down`, {
      version: streetSigned.version,
      department_id: community.id,
    });
    expect(deeper.status, JSON.stringify(deeper.body)).to.equal(200);
    // The bureau's duty is still refused on the way down, under the same version.
    const functional = await dispatch('0902', district.id);
    const fSigned = await ok(
      districtApi.post(`/api/v1/tickets/${functional.id}/sign`, { version: functional.version }),
    );
    const refused = await districtApi.post(`/api/v1/tickets/${functional.id}/pass-down`, {
      version: fSigned.version,
      department_id: street.id,
    });
    expect(refused.status).to.equal(409);
    expect(refused.body.error.key).to.equal('levels.functionalDuty');
  });
});
