import { expect } from 'chai';
import { hotline, ok, type Hotline } from '../helpers/tickets.ts';
import { makeCategory, makeDepartment } from '../helpers/factories.ts';
import { testApp } from '../helpers/test-app.ts';
import { entryAt } from '../../server/domain/categories/catalogue-entry.ts';

// Importing the coded dispatch catalogue from a CSV (docs/rules/catalogue.md): a version in the shape of a
// provincial standard, checked whole (every problem with its line and column, nothing stored), categories upserted
// by code.
describe('catalogue import (派单目录导入)', () => {
  let h: Hotline;
  let gas: { id: number; name: string };
  before(async function () {
    this.timeout(120_000);
    h = await hotline();
    gas = await makeDepartment('市直部门');
  });
  // Each test starts on the real clock (hooks.ts): this suite's day is 1 March 2027.
  beforeEach(() => h.travel('2027-03-01T09:00:00+08:00'));

  const versions = async () => (await ok(h.admin.get('/api/v1/catalogue/versions'))) as { id: number }[];

  it('imports a three-level catalogue with a BOM, quoted commas and units by name or id', async () => {
    const csv =
      '\ufeffcode,name,parent_code,responsible_unit,duty_basis,severity_tier\r\n' +
      `01,城乡建设,,,,\r\n` +
      `0101,物业管理,01,,,\r\n` +
      `010101,物业服务纠纷,0101,${h.dept.name},"《物业管理条例》第二条,第三条",normal\r\n` +
      `02,公用事业,,,,\r\n` +
      `0201,燃气泄漏,02,${gas.id},"《城镇燃气管理条例》",life\r\n` +
      `0202,停水停电,02,${gas.name},,utility\r\n`;
    const v = await ok(h.admin.post('/api/v1/catalogue/versions', { csv, label: '2027版' }), 201);
    expect(v).to.include({ label: '2027版', effective_from: '2027-03-01', entry_count: 6 });

    const cats = (await ok(h.operator.get('/api/v1/categories'))) as any[];
    const leak = cats.find((c) => c.code === '0201');
    expect(leak).to.include({ name: '燃气泄漏', department_id: gas.id, severity_tier: 'life', level: 2, leaf: true });
    expect(leak.path).to.equal('公用事业 / 燃气泄漏');
    expect(leak.active).to.equal(true);
    const deep = cats.find((c) => c.code === '010101');
    expect(deep).to.include({ level: 3, path: '城乡建设 / 物业管理 / 物业服务纠纷', leaf: true });
    expect(deep.duty_basis).to.equal('《物业管理条例》第二条,第三条');
    expect(cats.find((c) => c.code === '01')).to.include({ leaf: false, level: 1 });

    // Open311 offers the leaves as services, never a heading such as 公用事业.
    const services = (await ok(h.operator.get('/open311/v2/services.json'))) as any[];
    const codes = services.map((x) => Number(x.service_code));
    expect(codes).to.include(leak.id);
    expect(codes).not.to.include(cats.find((c) => c.code === '02').id);

    const inForce = await ok(h.operator.get('/api/v1/catalogue'));
    expect(inForce.version.id).to.equal(v.id);
    expect(inForce.entries.map((e: any) => e.code)).to.deep.equal(['01', '0101', '010101', '02', '0201', '0202']);
    expect(inForce.entries.find((e: any) => e.code === '0202').department_name).to.equal(gas.name);
  });

  it('imports 属地 (or territorial) as the unit of the place: no department, marked territorial', async () => {
    const csv =
      'code,name,parent_code,responsible_unit,duty_basis,severity_tier\n' +
      `13,市容秩序,,,,\n` +
      `1301,楼道堆物,13,属地,《消防法》第二十八条,normal\n` +
      `1302,共享单车乱停,13,Territorial,,normal\n` +
      `1303,户外广告,13,${gas.name},,normal\n`;
    await ok(h.admin.post('/api/v1/catalogue/versions', { csv }), 201);
    const cats = (await ok(h.operator.get('/api/v1/categories'))) as any[];
    const code = (c: string) => cats.find((x) => x.code === c);
    expect(code('1301')).to.include({ department_id: null, territorial: true, leaf: true, active: true });
    expect(code('1302')).to.include({ department_id: null, territorial: true });
    expect(code('1303')).to.include({ department_id: gas.id, territorial: false });
    const inForce = await ok(h.operator.get('/api/v1/catalogue'));
    const entry = (c: string) => inForce.entries.find((e: any) => e.code === c);
    expect(entry('1301')).to.include({ department_id: null, department_name: null, territorial: true });
    expect(entry('1303')).to.include({ department_name: gas.name, territorial: false });
    // The entry in force: neither a named unit nor a functional duty, so it may be passed down.
    const { services } = await testApp();
    const e = await entryAt(services.db, code('1301').id, new Date('2027-03-01T02:00:00Z'));
    expect(e).to.include({ code: '1301', department_id: null, territorial: true, functional: false });
    expect(await entryAt(services.db, code('1303').id, new Date('2027-03-01T02:00:00Z'))).to.include({
      territorial: false,
      functional: true,
    });
  });

  it('reports every problem with its line and column and stores nothing', async () => {
    const before = (await versions()).length;
    const csv =
      'code,name,parent_code,responsible_unit,duty_basis,severity_tier\n' +
      `11,上级,,,,\n` +
      `1101,无单位,11,,,normal\n` +
      `1102,无名单位,11,不存在的单位,,normal\n` +
      `1103,错误分级,11,${h.dept.id},,severe\n` +
      `1101,重复编码,11,${h.dept.id},,normal\n` +
      `1104,孤儿,99,${h.dept.id},,normal\n` +
      `11-05,坏编码,11,${h.dept.id},,normal\n` +
      `1106,无分级,11,${h.dept.id},,\n` +
      `1107,二级,11,,,\n` +
      `110701,三级,1107,,,\n` +
      `11070101,四级,110701,${h.dept.id},,normal\n`;
    const res = await h.admin.post('/api/v1/catalogue/versions', { csv });
    expect(res.status).to.equal(400);
    expect(res.body.error.code).to.equal('VALIDATION_FAILED');
    const got = res.body.error.details.map((d: any) => `${d.params.line}:${d.params.column}:${d.key}`);
    expect(got).to.include.members([
      '3:responsible_unit:catalogue.leafNeedsUnit',
      '4:responsible_unit:catalogue.noSuchUnit',
      '5:severity_tier:catalogue.noSuchTier',
      '6:code:catalogue.codeRepeated',
      '7:parent_code:catalogue.noSuchParent',
      '8:code:catalogue.codeFormat',
      '9:severity_tier:catalogue.leafNeedsTier',
      '12:parent_code:catalogue.tooDeep',
    ]);
    expect(res.body.error.details[0].path).to.match(/^csv\[\d+\]\./);
    expect((await versions()).length).to.equal(before);
    const cats = (await ok(h.admin.get('/api/v1/categories'))) as any[];
    expect(cats.some((c) => c.code === '11')).to.equal(false);
  });

  it('names the line of a broken quote, a missing header column and an empty file', async () => {
    const header = 'code,name,parent_code,responsible_unit,duty_basis,severity_tier\n';
    const broken = await h.admin.post('/api/v1/catalogue/versions', {
      csv: header + `21,好的,,${h.dept.id},,normal\n22,"坏的"x,,${h.dept.id},,normal\n`,
    });
    expect(broken.status).to.equal(400);
    expect(broken.body.error.details[0]).to.deep.include({ key: 'catalogue.csvSyntax' });
    expect(broken.body.error.details[0].params.line).to.equal(3);
    const noTier = await h.admin.post('/api/v1/catalogue/versions', { csv: 'code,name,parent_code\n21,x,\n' });
    const missing = noTier.body.error.details.map((d: any) => d.params.column);
    expect(missing).to.include.members(['responsible_unit', 'duty_basis', 'severity_tier']);
    const empty = await h.admin.post('/api/v1/catalogue/versions', { csv: header });
    expect(empty.body.error.details[0].key).to.equal('catalogue.csvEmpty');
  });

  it('gives an uncoded category of the same name its code rather than a second category', async () => {
    const old = await makeCategory(h.dept.id);
    const csv =
      'code,name,parent_code,responsible_unit,duty_basis,severity_tier\n' +
      `01,城乡建设,,,,\n0101,物业管理,01,,,\n010101,物业服务纠纷,0101,${h.dept.name},,normal\n` +
      `02,公用事业,,,,\n0201,燃气泄漏,02,${gas.id},,life\n0202,停水停电,02,${gas.name},,utility\n` +
      `0203,"${old.name}",02,${h.other.id},,normal\n`;
    await ok(h.admin.post('/api/v1/catalogue/versions', { csv }), 201);
    const cats = (await ok(h.admin.get('/api/v1/categories'))) as any[];
    const adopted = cats.filter((c) => c.name === old.name);
    expect(adopted).to.have.length(1);
    expect(adopted[0]).to.include({
      id: old.id,
      code: '0203',
      department_id: h.other.id,
      parent_id: cats.find((c) => c.code === '02').id,
    });
  });

  it('stores two imports sent at once each whole, or refuses the later as a conflict', async () => {
    const csv =
      'code,name,parent_code,responsible_unit,duty_basis,severity_tier\n' + `41,同时导入,,${h.dept.id},,normal\n`;
    const both = await Promise.all([1, 2].map(() => h.admin.post('/api/v1/catalogue/versions', { csv })));
    const statuses = both.map((r) => r.status).sort();
    expect([
      [201, 201],
      [201, 409],
    ]).to.deep.include(statuses);
    const cats = (await ok(h.admin.get('/api/v1/categories'))) as any[];
    expect(cats.filter((c) => c.code === '41')).to.have.length(1);
  });

  it('refuses a past date once an order was dispatched since, and anyone but the administrator', async () => {
    const csv =
      'code,name,parent_code,responsible_unit,duty_basis,severity_tier\n' + `31,旧目录,,${h.dept.id},,normal\n`;
    const t = await ok(
      h.operator.post('/api/v1/tickets', {
        channel: 'phone',
        type: 'complaint',
        urgency: 'normal',
        title: '派单',
        description: '派单测试',
        address: '某路 1 号',
        caller_name: '张先生',
        caller_phone: '13812341234',
      }),
      201,
    );
    await ok(h.operator.post(`/api/v1/tickets/${t.id}/dispatch`, { version: t.version, department_id: h.dept.id }));
    const past = await h.admin.post('/api/v1/catalogue/versions', { csv, effective_from: '2027-02-28' });
    expect(past.status).to.equal(400);
    expect(past.body.error.details[0]).to.include({ path: 'effective_from', key: 'catalogue.pastDate' });
    const refused = await h.operator.post('/api/v1/catalogue/versions', { csv });
    expect(refused.status).to.equal(403);
  });
});
