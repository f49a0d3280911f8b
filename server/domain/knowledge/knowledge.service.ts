// The knowledge base (知识库): supervisors and administrators maintain every article, a department's handlers
// their department's own; everyone on the hotline reads and searches them while the caller waits. An article's
// bigram index changes in the same transaction as its text. Refused changes are audited against the article.
import type { Db, Executor } from '../../lib/db.ts';
import { toDbTime, withTransaction } from '../../lib/db.ts';
import { clock } from '../../lib/clock.ts';
import { detail, AppError, errors } from '../../lib/errors.ts';
import { auditRepository } from '../audit/audit.repository.ts';
import { categoriesRepository } from '../categories/categories.repository.ts';
import { departmentsRepository } from '../departments/departments.repository.ts';
import { can, homeUnit, reachOf, requireAccess } from '../access/access.ts';
import type { Actor } from '../users/actor.ts';
import { iso } from '../../lib/time.ts';
import { knowledgeRepository as repo, type ArticleRow, type Candidate } from './knowledge.repository.ts';
import type { CreateArticle, SearchArticles, UpdateArticle } from './knowledge.schemas.ts';
import { score, titleForm, toTerms } from './ranking.ts';
import { bigrams, queryTerms, searchText, snippet } from './search-text.ts';

/** Supervisors and administrators maintain every article; a handler its own unit's (access.ts 'knowledge.edit'). */
const mayEdit = (actor: Actor, departmentId: number | null) =>
  can(actor, 'knowledge.edit', { department_id: departmentId });

/** Best first; equal matches the most used, then the newest (times compare as text; localeCompare is slow). */
const byRank = (a: Pick<Candidate, 'title_hit' | 'use_count' | 'updated_at' | 'id'>, b: typeof a) =>
  b.title_hit - a.title_hit ||
  b.use_count - a.use_count ||
  (a.updated_at < b.updated_at ? 1 : a.updated_at > b.updated_at ? -1 : 0) ||
  b.id - a.id;

const keywordsOf = (row: Pick<ArticleRow, 'keywords'>): string[] => JSON.parse(row.keywords);

export function articleView(row: ArticleRow) {
  return {
    id: row.id,
    title: row.title,
    body: row.body,
    category_id: row.category_id,
    department_id: row.department_id ?? null,
    keywords: keywordsOf(row),
    active: Boolean(row.active),
    use_count: row.use_count,
    version: row.version,
    created_by: row.created_by,
    updated_by: row.updated_by,
    created_at: iso(row.created_at),
    updated_at: iso(row.updated_at),
  };
}

/** Inside a direct answer's transaction (直接答复): the article must exist and be in use; its use is counted. */
export async function recordArticleUse(trx: Executor, id: number): Promise<void> {
  const row = await repo.find(trx, id);
  if (!row || !row.active) throw errors.validation([detail('article_id', 'knowledge.noSuchActive')]);
  await repo.countUse(trx, id);
}

export class KnowledgeService {
  constructor(private readonly db: Db) {}

  /**
   * Articles matching every term of the query, best first (ranking.ts): a term matches an article holding enough
   * of its bigrams, in any order, so 提取公积金 and 公积金贷款 both find 公积金提取. One-character queries, with no
   * bigram to go by, are matched literally. The total is exact.
   */
  async search(actor: Actor, input: SearchArticles) {
    // Withdrawn articles: for their editors only (a handler, for their own department's list).
    const seesWithdrawn = mayEdit(actor, input.department_id ?? null);
    const filter = {
      category_id: input.category_id,
      department_id: input.department_id,
      includeInactive: Boolean(input.include_inactive) && seesWithdrawn,
    };
    const limit = input.per_page;
    const offset = (input.page - 1) * limit;
    const texts = queryTerms(input.q ?? '');
    let rows: ArticleRow[];
    let total: number;
    if (!texts.length) {
      ({ rows, total } = await repo.browse(this.db, filter, limit, offset));
    } else {
      const terms = toTerms(texts);
      let ranked: number[];
      if (terms.every((t) => !t.grams.length)) {
        ranked = (await repo.literalMatches(this.db, texts, filter)).sort(byRank).map((c) => c.id);
      } else {
        const found = await repo.matching(this.db, terms, filter);
        ranked = found
          .map((c) => ({
            id: c.id,
            use_count: c.use_count,
            updated_at: c.updated_at,
            title_hit: Math.round(1000 * score(terms, titleForm(c.title), c.held)),
          }))
          .sort(byRank)
          .map((c) => c.id);
      }
      total = ranked.length;
      const page = ranked.slice(offset, offset + limit);
      const byId = new Map((await repo.listed(this.db, page)).map((r) => [r.id, r]));
      rows = page.map((id) => byId.get(id)!);
    }
    const items = rows.map((r) => ({
      id: r.id,
      title: r.title,
      snippet: snippet(r.body, texts),
      category_id: r.category_id,
      department_id: r.department_id ?? null,
      keywords: keywordsOf(r),
      active: Boolean(r.active),
      use_count: r.use_count,
      version: r.version,
      updated_at: iso(r.updated_at),
    }));
    return { items, total, total_exact: true, page: input.page, per_page: input.per_page };
  }

  async get(actor: Actor, id: number) {
    const row = await repo.find(this.db, id);
    // A withdrawn article is gone for the people who answer calls; its editors still see it.
    if (!row || (!row.active && !mayEdit(actor, row.department_id))) throw errors.notFound('article');
    return articleView(row);
  }

  async create(actor: Actor, input: CreateArticle) {
    const departmentId = await this.audited(actor, 'create', null, () =>
      this.ownerOf(actor, input.department_id, input.category_id),
    );
    await this.checkCategory(input.category_id);
    const now = toDbTime(clock.now());
    const id = await withTransaction(this.db, async (trx) => {
      const text = searchText(input);
      const id = await repo.insert(trx, {
        title: input.title,
        body: input.body,
        category_id: input.category_id ?? null,
        department_id: departmentId,
        keywords: JSON.stringify(input.keywords),
        search_text: text,
        active: true,
        use_count: 0,
        version: 1,
        created_by: actor.id,
        updated_by: actor.id,
        created_at: now,
        updated_at: now,
      });
      await repo.addGrams(trx, id, bigrams(text));
      return id;
    });
    return articleView((await repo.find(this.db, id))!);
  }

  /** Saves a change made on `version`; a concurrent save of the same version gets 409 VERSION_CONFLICT. */
  async update(actor: Actor, id: number, input: UpdateArticle) {
    const before = await repo.find(this.db, id);
    if (!before) throw errors.notFound('article');
    await this.audited(actor, 'update', id, async () => {
      this.assertEditor(actor, before.department_id);
      if (input.department_id !== undefined) this.assertEditor(actor, input.department_id);
    });
    await this.checkCategory(input.category_id);
    await this.checkDepartment(input.department_id);
    await withTransaction(this.db, async (trx) => {
      const row = await repo.find(trx, id);
      if (!row) throw errors.notFound('article');
      if (row.version !== input.version) throw errors.versionConflict();
      const next = {
        title: input.title ?? row.title,
        body: input.body ?? row.body,
        keywords: input.keywords ?? keywordsOf(row),
      };
      const text = searchText(next);
      const patch: Partial<ArticleRow> = {
        ...next,
        keywords: JSON.stringify(next.keywords),
        search_text: text,
        updated_by: actor.id,
        updated_at: toDbTime(clock.now()),
        ...(input.category_id !== undefined ? { category_id: input.category_id } : {}),
        ...(input.department_id !== undefined ? { department_id: input.department_id } : {}),
        ...(input.active !== undefined ? { active: input.active } : {}),
      };
      if (!(await repo.updateVersioned(trx, id, row.version, patch))) throw errors.versionConflict();
      if (text !== row.search_text) {
        const before = new Set(bigrams(row.search_text));
        const after = new Set(bigrams(text));
        await repo.removeGrams(
          trx,
          id,
          [...before].filter((g) => !after.has(g)),
        );
        await repo.addGrams(
          trx,
          id,
          [...after].filter((g) => !before.has(g)),
        );
      }
    });
    return articleView((await repo.find(this.db, id))!);
  }

  /** DELETE withdraws an article: answers that used it keep pointing at it, so the row stays. */
  async withdraw(actor: Actor, id: number): Promise<void> {
    const row = await repo.find(this.db, id);
    if (!row) throw errors.notFound('article');
    await this.audited(actor, 'withdraw', id, async () => this.assertEditor(actor, row.department_id));
    if (row.active) await this.update(actor, id, { version: row.version, active: false });
  }

  /**
   * The department a new article belongs to: a handler's own (they may name no other); for supervisors and
   * administrators the one named, else the one its category goes to, else none.
   */
  private async ownerOf(
    actor: Actor,
    departmentId: number | null | undefined,
    categoryId: number | null | undefined,
  ): Promise<number | null> {
    if (reachOf(actor, 'knowledge.edit') === 'units') {
      const unit = departmentId === undefined ? homeUnit(actor) : departmentId;
      this.assertEditor(actor, unit);
      return unit;
    }
    requireAccess(actor, 'knowledge.edit');
    if (departmentId !== undefined) {
      await this.checkDepartment(departmentId);
      return departmentId;
    }
    return categoryId ? ((await categoriesRepository.find(this.db, categoryId))?.department_id ?? null) : null;
  }

  private assertEditor(actor: Actor, departmentId: number | null) {
    requireAccess(actor, 'knowledge.edit', { department_id: departmentId });
  }

  /** A refusal is audited against the article (outside any rolled-back work), as refused ticket actions are. */
  private async audited<T>(
    actor: Actor,
    attempted: string,
    articleId: number | null,
    fn: () => Promise<T>,
  ): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      if (err instanceof AppError && err.status === 403) {
        await auditRepository.record(
          this.db,
          actor,
          'forbidden',
          { type: 'knowledge_article', id: articleId },
          { attempted: `knowledge.${attempted}`, reason: err.message },
          toDbTime(clock.now()),
        );
        err.audited = true;
      }
      throw err;
    }
  }

  private async checkDepartment(id: number | null | undefined) {
    if (id && !(await departmentsRepository.find(this.db, id))) {
      throw errors.validation([detail('department_id', 'departments.noSuchUnit')]);
    }
  }

  private async checkCategory(id: number | null | undefined) {
    if (id && !(await categoriesRepository.find(this.db, id))) {
      throw errors.validation([detail('category_id', 'categories.noSuch')]);
    }
  }
}
