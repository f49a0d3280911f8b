import { expect } from 'chai';
import { makeCategory, uniq } from '../helpers/factories.ts';
import { testApp } from '../helpers/test-app.ts';
import { createTicket, hotline, ok, type Hotline } from '../helpers/tickets.ts';

describe('knowledge base (知识库)', () => {
  let h: Hotline;
  // A word of this run only, so searches see this suite's articles whatever else the database holds.
  const tag = `测${Date.now().toString(36).replace(/\d/g, '')}验`;
  const search = (q: string, api = h.operator) =>
    ok(api.get(`/api/v1/knowledge?q=${encodeURIComponent(q)}&per_page=50`));
  const ids = (r: any) => r.items.map((a: any) => a.id);
  let housing: any;
  let social: any;
  let traffic: any;

  before(async () => {
    h = await hotline();
    const category = await makeCategory(h.dept.id);
    housing = await ok(
      h.supervisor.post('/api/v1/knowledge', {
        title: `住房公积金提取${tag}`,
        category_id: category.id,
        keywords: ['公积金', '提取', '租房'],
        body: '职工租住商品住房的，可以每季度提取一次住房公积金。办理材料：身份证、租赁合同。可通过公积金中心网站或窗口办理。',
      }),
      201,
    );
    social = await ok(
      h.admin.post('/api/v1/knowledge', {
        title: `社会保障卡补办${tag}`,
        keywords: ['社保卡'],
        body: '社保卡丢失后，请先拨打 12333 挂失，再携带身份证到任一合作银行网点补办，工本费 20 元。',
      }),
      201,
    );
    traffic = await ok(
      h.supervisor.post('/api/v1/knowledge', {
        title: `ＥＴＣ 通行费发票${tag}`,
        keywords: [],
        body: '高速公路 ETC 通行费电子发票可在票根网开具。',
      }),
      201,
    );
  });
  beforeEach(async () => {
    await h.signInAgain();
  });

  describe('GET /knowledge?q=', () => {
    it('finds 公积金 inside 住房公积金提取, by title, keyword and body', async () => {
      expect(ids(await search(`公积金 ${tag}`))).to.deep.equal([housing.id]);
      expect(ids(await search(`住房公积金提取 ${tag}`))).to.deep.equal([housing.id]);
      // Only in the body:
      expect(ids(await search(`租赁合同 ${tag}`))).to.deep.equal([housing.id]);
      expect(ids(await search(`合作银行网点 ${tag}`))).to.deep.equal([social.id]);
    });

    it('needs every term; within a term, half its character pairs in any order', async () => {
      expect(ids(await search(`公积金 身份证 ${tag}`))).to.deep.equal([housing.id]);
      expect(ids(await search(`身份证 ${tag}`))).to.have.members([housing.id, social.id]);
      expect(ids(await search(`公积金 社保卡 ${tag}`))).to.deep.equal([]);
      // 住房 and 提取 both occur, never as 住房提取: the caller's words in another order still find it.
      expect(ids(await search(`住房提取 ${tag}`))).to.deep.equal([housing.id]);
      // Only 住房 of 住房补贴 (one pair of three) is not enough.
      expect(ids(await search(`住房补贴 ${tag}`))).to.deep.equal([]);
    });

    it('matches full-width and case alike, and a term with LIKE wildcards literally', async () => {
      expect(ids(await search(`etc ${tag}`))).to.deep.equal([traffic.id]);
      expect(ids(await search(`ＥＴＣ ${tag}`))).to.deep.equal([traffic.id]);
      expect(ids(await search(`e_c ${tag}`))).to.deep.equal([]);
      // 工本费 20 元 holds 0 but not 0%: the % is no wildcard.
      expect(ids(await search(`0% ${tag}`))).to.deep.equal([]);
      expect(ids(await search(`0 ${tag}`))).to.deep.equal([social.id]);
    });

    it('ranks title hits first and shows a snippet around the match', async () => {
      const extra = await ok(
        h.supervisor.post('/api/v1/knowledge', {
          title: `异地购房${tag}`,
          body: '在外地购房的，可以申请提取住房公积金，需提供购房合同。',
        }),
        201,
      );
      const found = await search(`住房公积金 ${tag}`);
      expect(ids(found)).to.deep.equal([housing.id, extra.id]);
      expect(found.total).to.equal(2);
      expect(found.items[1].snippet).to.include('住房公积金');
      expect(found.items[0]).to.not.have.property('body');
    });

    it('searches titles and keywords for a single character', async () => {
      const tagged = await ok(
        h.supervisor.post('/api/v1/knowledge', { title: `税${tag}单字`, body: '个人所得税。' }),
        201,
      );
      const r = await ok(h.operator.get(`/api/v1/knowledge?q=${encodeURIComponent('税')}&per_page=50`));
      expect(ids(r)).to.include(tagged.id);
    });

    it('searches the body too for a single character, so 建 finds 建造 in the text', async () => {
      const inBody = await ok(
        h.supervisor.post('/api/v1/knowledge', {
          title: `农村住房审批${tag}`,
          body: '农村村民建造住宅，应向乡镇人民政府提出申请。',
        }),
        201,
      );
      const elsewhere = await ok(
        h.supervisor.post('/api/v1/knowledge', { title: `户口迁移${tag}`, body: '携带户口簿办理。' }),
        201,
      );
      const r = await search('建');
      expect(ids(r)).to.include(inBody.id).and.not.include(elsewhere.id);
      expect(r.items.find((a: any) => a.id === inBody.id).snippet).to.include('建造');
      // Every one-character term must be there, anywhere in the text.
      expect(ids(await search('建 宅'))).to.include(inBody.id);
      expect(ids(await search('建 簿'))).to.not.include(inBody.id);
    });

    it('filters by category and pages', async () => {
      const byCategory = await ok(
        h.operator.get(`/api/v1/knowledge?q=${encodeURIComponent(tag)}&category_id=${housing.category_id}`),
      );
      expect(ids(byCategory)).to.deep.equal([housing.id]);
      // Without a query: the category's articles, most used first.
      const browsed = await ok(h.operator.get(`/api/v1/knowledge?category_id=${housing.category_id}`));
      expect(browsed).to.include({ total: 1, total_exact: true });
      expect(browsed.items[0]).to.include({ id: housing.id, title: housing.title });
      const page1 = await ok(h.operator.get(`/api/v1/knowledge?q=${encodeURIComponent(tag)}&per_page=1`));
      const page2 = await ok(h.operator.get(`/api/v1/knowledge?q=${encodeURIComponent(tag)}&per_page=1&page=2`));
      expect(page1.total).to.be.at.least(3);
      expect(page1.items[0].id).to.not.equal(page2.items[0].id);
    });

    it('finds 公积金提取 for 提取公积金 and 公积金贷款, best match first', async () => {
      // A word of this run sharing no character with the tag, so the suite's other articles stay out.
      const word = [...tag].map((c) => String.fromCharCode(0x5000 + (c.charCodeAt(0) % 0x1000))).join('');
      const make = (title: string, body: string) =>
        ok(h.supervisor.post('/api/v1/knowledge', { title, body, keywords: [word] }), 201);
      const withdrawal = await make('公积金提取', '租房、购房、退休均可申请提取。');
      // The caller's exact words, but only in the body of an article about something else.
      const loan = await make('公积金贷款额度', '申请贷款前可先提取公积金用于首付。');
      const long = await make('住房公积金提取条件与办理流程', '职工租房可按季度提取。');
      await make('社保卡补办', '携带身份证到银行网点办理。');
      const ranked = async (q: string) => ids(await search(`${q} ${word}`));
      // Word order: 公积金提取 first (its whole title is the query's words), the longer title next.
      expect(await ranked('提取公积金')).to.deep.equal([withdrawal.id, long.id, loan.id]);
      // A shared word: 公积金贷款 finds the loan article first and the withdrawal articles after it.
      const loanFirst = await ranked('公积金贷款');
      expect(loanFirst[0]).to.equal(loan.id);
      expect(loanFirst).to.include.members([withdrawal.id, long.id]).and.have.length(3);
      const found = await search(`提取公积金 ${word}`);
      expect(found).to.include({ total: 3, total_exact: true });
      // The snippet shows where the words are, in whatever order they were found.
      expect(found.items[0].snippet).to.include('提取');
    });

    it('refuses a query over 50 characters and unknown parameters', async () => {
      const res = await h.operator.get(`/api/v1/knowledge?q=${'长'.repeat(51)}&sort=new`);
      expect(res.status).to.equal(400);
      expect(res.body.error.details.map((d: any) => d.path)).to.have.members(['q', 'sort']);
    });
  });

  describe('maintaining articles', () => {
    it('re-indexes an edited article: the old words go, the new ones are found', async () => {
      const a = await ok(
        h.supervisor.post('/api/v1/knowledge', { title: `居住证办理${tag}`, body: '居住证须在派出所办理。' }),
        201,
      );
      const edited = await ok(
        h.supervisor.patch(`/api/v1/knowledge/${a.id}`, {
          version: a.version,
          body: '居住证可在网上政务大厅申领。',
          keywords: ['居住证'],
        }),
      );
      expect(edited.version).to.equal(2);
      expect(edited.keywords).to.deep.equal(['居住证']);
      expect(edited.updated_by).to.equal(h.users.supervisor.user.id);
      expect(ids(await search(`派出所 ${tag}`))).to.deep.equal([]);
      expect(ids(await search(`政务大厅 ${tag}`))).to.deep.equal([a.id]);
      const { services } = await testApp();
      // The index holds exactly the bigrams of the article's text now.
      const { bigrams, searchText } = await import('../../server/domain/knowledge/search-text.ts');
      const grams = (await services.db('knowledge_grams').where({ article_id: a.id }))
        .map((r: any) => Number(r.gram))
        .sort();
      expect(grams).to.deep.equal(
        bigrams(searchText({ title: edited.title, keywords: edited.keywords, body: edited.body })).sort(),
      );
    });

    it('lets one of two edits of the same version through; the other gets 409', async () => {
      const a = await ok(h.supervisor.post('/api/v1/knowledge', { title: `并发编辑${tag}`, body: '初稿' }), 201);
      const results = await Promise.all([
        h.supervisor.patch(`/api/v1/knowledge/${a.id}`, { version: 1, body: '甲稿' }),
        h.admin.patch(`/api/v1/knowledge/${a.id}`, { version: 1, body: '乙稿' }),
      ]);
      expect(results.map((r) => r.status).sort()).to.deep.equal([200, 409]);
      expect(results.find((r) => r.status === 409)!.body.error.code).to.equal('VERSION_CONFLICT');
    });

    it('withdraws an article: gone for operators, still there for editors', async () => {
      const a = await ok(h.supervisor.post('/api/v1/knowledge', { title: `停用条目${tag}`, body: '旧政策。' }), 201);
      expect((await h.supervisor.delete(`/api/v1/knowledge/${a.id}`)).status).to.equal(204);
      expect(ids(await search(`停用条目 ${tag}`))).to.deep.equal([]);
      expect((await h.operator.get(`/api/v1/knowledge/${a.id}`)).status).to.equal(404);
      const forEditor = await ok(
        h.supervisor.get(`/api/v1/knowledge?q=${encodeURIComponent(`停用条目 ${tag}`)}&include_inactive=true`),
      );
      expect(ids(forEditor)).to.deep.equal([a.id]);
      expect((await ok(h.supervisor.get(`/api/v1/knowledge/${a.id}`))).active).to.equal(false);
      // An operator asking for withdrawn articles still gets active ones only.
      expect(
        ids(
          await ok(
            h.operator.get(`/api/v1/knowledge?q=${encodeURIComponent(`停用条目 ${tag}`)}&include_inactive=true`),
          ),
        ),
      ).to.deep.equal([]);
    });

    it(
      'lets supervisors and administrators edit every ' + 'article, a department its own; refusals are audited',
      async () => {
        const body = { title: '越权', body: '内容' };
        expect((await h.operator.post('/api/v1/knowledge', body)).status).to.equal(403);
        expect((await h.operator.patch(`/api/v1/knowledge/${housing.id}`, { version: 1, title: 'x' })).status).to.equal(
          403,
        );
        expect((await h.operator.delete(`/api/v1/knowledge/${housing.id}`)).status).to.equal(403);
        expect((await h.handler.get(`/api/v1/knowledge/${housing.id}`)).status).to.equal(200);
        // housing's category goes to h.dept: the article is that department's.
        expect(housing.department_id).to.equal(h.dept.id);

        // A handler writes for their own department, and may name no other.
        const own = await ok(
          h.handler.post('/api/v1/knowledge', { title: `本单位条目${tag}`, body: '本单位办理。' }),
          201,
        );
        expect(own.department_id).to.equal(h.dept.id);
        expect((await h.handler.post('/api/v1/knowledge', { ...body, department_id: h.other.id })).status).to.equal(
          403,
        );
        const edited = await ok(
          h.handler.patch(`/api/v1/knowledge/${housing.id}`, {
            version: housing.version,
            keywords: ['公积金', '提取', '租房', '本单位'],
          }),
        );
        housing = edited;
        expect(edited.updated_by).to.equal(h.users.handler.user.id);
        expect(
          (await h.handler.patch(`/api/v1/knowledge/${own.id}`, { version: own.version, department_id: h.other.id }))
            .status,
        ).to.equal(403);

        // Another department's handler may read it, not change or withdraw it: 403, audited against the article.
        const { services } = await testApp();
        const otherId = h.users.otherHandler.user.id;
        const before = await services
          .db('audit_log')
          .where({ actor_id: otherId, action: 'forbidden' })
          .count({ n: '*' })
          .first();
        const refused = await h.otherHandler.patch(`/api/v1/knowledge/${housing.id}`, {
          version: housing.version,
          title: '改',
        });
        expect(refused.status).to.equal(403);
        expect(refused.body.error.code).to.equal('FORBIDDEN');
        expect((await h.otherHandler.delete(`/api/v1/knowledge/${housing.id}`)).status).to.equal(403);
        const rows = await services
          .db('audit_log')
          .where({ actor_id: otherId, action: 'forbidden' })
          .orderBy('id')
          .offset(Number(before!.n));
        expect(rows.map((r: any) => [r.target_type, r.target_id, JSON.parse(r.detail).attempted])).to.deep.equal([
          ['knowledge_article', housing.id, 'knowledge.update'],
          ['knowledge_article', housing.id, 'knowledge.withdraw'],
        ]);
        expect((await ok(h.operator.get(`/api/v1/knowledge/${housing.id}`))).title).to.equal(housing.title);

        // Its own list, withdrawn articles included, for the department's page.
        expect((await h.handler.delete(`/api/v1/knowledge/${own.id}`)).status).to.equal(204);
        const mine = await ok(
          h.handler.get(`/api/v1/knowledge?department_id=${h.dept.id}&include_inactive=true&per_page=50`),
        );
        expect(ids(mine)).to.include.members([own.id, housing.id]);
        expect(mine.items.every((a: any) => a.department_id === h.dept.id)).to.equal(true);
        const theirs = await ok(
          h.otherHandler.get(`/api/v1/knowledge?department_id=${h.dept.id}&include_inactive=true&per_page=50`),
        );
        expect(ids(theirs)).to.not.include(own.id);
        expect((await h.otherHandler.get(`/api/v1/knowledge/${own.id}`)).status).to.equal(404);

        // Supervisors name the department, or change it.
        const moved = await ok(
          h.supervisor.patch(`/api/v1/knowledge/${own.id}`, { version: 2, department_id: h.other.id, active: true }),
        );
        expect(moved.department_id).to.equal(h.other.id);
        expect(
          (await ok(h.admin.post('/api/v1/knowledge', { ...body, department_id: h.other.id }), 201)).department_id,
        ).to.equal(h.other.id);
        expect(
          (await h.admin.post('/api/v1/knowledge', { ...body, department_id: 99999999 })).body.error.details.map(
            (d: any) => d.path,
          ),
        ).to.deep.equal(['department_id']);
      },
    );

    it('reports every problem of a bad article and stores nothing', async () => {
      const { services } = await testApp();
      const before = await services.db('knowledge_articles').count({ n: '*' }).first();
      const res = await h.supervisor.post('/api/v1/knowledge', {
        title: '',
        body: 'x'.repeat(20001),
        keywords: ['', 'a'],
        category_id: 'one',
        colour: 1,
      });
      expect(res.status).to.equal(400);
      expect(res.body.error.details.map((d: any) => d.path)).to.have.members([
        'title',
        'body',
        'keywords.0',
        'category_id',
        'colour',
      ]);
      const unknownCategory = await h.supervisor.post('/api/v1/knowledge', {
        title: 't',
        body: 'b',
        category_id: 99999999,
      });
      expect(unknownCategory.body.error.details.map((d: any) => d.path)).to.deep.equal(['category_id']);
      const noVersion = await h.supervisor.patch(`/api/v1/knowledge/${housing.id}`, { title: 'x' });
      expect(noVersion.body.error.details.map((d: any) => d.path)).to.deep.equal(['version']);
      expect(
        (await h.supervisor.patch('/api/v1/knowledge/99999999', { version: 1, title: 'x' })).body.error.code,
      ).to.equal('NOT_FOUND');
      const after = await services.db('knowledge_articles').count({ n: '*' }).first();
      expect(Number(after!.n)).to.equal(Number(before!.n));
    });
  });

  describe('answering an inquiry from an article (直接答复)', () => {
    it('records the article on the answer and counts its use', async () => {
      const a = await ok(
        h.supervisor.post('/api/v1/knowledge', { title: `答复用${uniq('条')}`, body: '可以办理。' }),
        201,
      );
      const t = await createTicket(h.operator, { type: 'inquiry' });
      const answered = await ok(
        h.operator.post(`/api/v1/tickets/${t.id}/answer`, {
          version: t.version,
          resolution: '已按知识库答复',
          article_id: a.id,
        }),
      );
      expect(answered.status).to.equal('closed');
      const detail = await ok(h.operator.get(`/api/v1/tickets/${t.id}`));
      expect(detail.events.at(-1).data.article_id).to.equal(a.id);
      expect((await ok(h.operator.get(`/api/v1/knowledge/${a.id}`))).use_count).to.equal(1);
    });

    it('refuses an unknown or withdrawn article, leaving the ticket and the count as they were', async () => {
      const a = await ok(h.supervisor.post('/api/v1/knowledge', { title: `停用答复${uniq('条')}`, body: '旧。' }), 201);
      await h.supervisor.delete(`/api/v1/knowledge/${a.id}`);
      for (const articleId of [99999999, a.id]) {
        const t = await createTicket(h.operator, { type: 'inquiry' });
        const res = await h.operator.post(`/api/v1/tickets/${t.id}/answer`, {
          version: t.version,
          resolution: '答复',
          article_id: articleId,
        });
        expect(res.status).to.equal(400);
        expect(res.body.error.details.map((d: any) => d.path)).to.deep.equal(['article_id']);
        const after = await ok(h.operator.get(`/api/v1/tickets/${t.id}`));
        expect(after.status).to.equal('received');
        expect(after.version).to.equal(t.version);
      }
      expect((await ok(h.supervisor.get(`/api/v1/knowledge/${a.id}`))).use_count).to.equal(0);
    });
  });
});
