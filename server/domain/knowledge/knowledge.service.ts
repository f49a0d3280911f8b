// The knowledge base (知识库): supervisors and administrators maintain articles; everyone on the hotline reads
// and searches them while the caller waits. An article's bigram index changes in the same transaction as its text.
import type { Db, Executor } from '../../lib/db.ts';
import { toDbTime, withTransaction } from '../../lib/db.ts';
import { clock } from '../../lib/clock.ts';
import { errors } from '../../lib/errors.ts';
import { categoriesRepository } from '../categories/categories.repository.ts';
import type { Actor } from '../users/actor.ts';
import { iso } from '../tickets/ticket-view.ts';
import { knowledgeRepository as repo, type ArticleRow, type Candidate } from './knowledge.repository.ts';
import type { CreateArticle, SearchArticles, UpdateArticle } from './knowledge.schemas.ts';
import { bigrams, queryTerms, searchText, snippet } from './search-text.ts';

const EDITORS = ['supervisor', 'admin'];

const byRank = (a: Candidate, b: Candidate) =>
  b.title_hit - a.title_hit || b.use_count - a.use_count || b.updated_at.localeCompare(a.updated_at) || b.id - a.id;

/** A term of exactly two letters or digits (within the BMP) is its one bigram: the index alone proves a match. */
const provenByBigram = (term: string) => /^[\p{L}\p{N}]{2}$/u.test(term) && term.length === 2;

const keywordsOf = (row: Pick<ArticleRow, 'keywords'>): string[] => JSON.parse(row.keywords);

export function articleView(row: ArticleRow) {
  return {
    id: row.id, title: row.title, body: row.body, category_id: row.category_id, keywords: keywordsOf(row),
    active: Boolean(row.active), use_count: row.use_count, version: row.version, created_by: row.created_by,
    updated_by: row.updated_by, created_at: iso(row.created_at), updated_at: iso(row.updated_at),
  };
}

/** Inside a direct answer's transaction (直接答复): the article must exist and be in use; its use is counted. */
export async function recordArticleUse(trx: Executor, id: number): Promise<void> {
  const row = await repo.find(trx, id);
  if (!row || !row.active) throw errors.validation([{ path: 'article_id', message: '知识条目不存在或已停用 / no such active article' }]);
  await repo.countUse(trx, id);
}

export class KnowledgeService {
  /** @param confirmAll up to this many candidates are all confirmed, so the total is exact (tests lower it). */
  constructor(private readonly db: Db, private readonly confirmAll = 1000) {}

  /**
   * Articles containing every term of the query, title hits first, then the most used. Candidates come from the
   * bigram index; up to 1,000 of them are all confirmed with LIKE and the total is exact. Past that (a word most
   * articles contain) only the best ranked are confirmed until the page is full, and the total is the number of
   * candidates (total_exact: false), so a common word costs a page of LIKEs rather than thousands.
   */
  async search(actor: Actor, input: SearchArticles) {
    const filter = { category_id: input.category_id, includeInactive: Boolean(input.include_inactive) && EDITORS.includes(actor.role) };
    const limit = input.per_page;
    const offset = (input.page - 1) * limit;
    const terms = queryTerms(input.q ?? '');
    let rows: ArticleRow[];
    let total: number;
    let exact = true;
    if (!terms.length) {
      ({ rows, total } = await repo.browse(this.db, filter, limit, offset));
    } else {
      const grams = bigrams(terms.join(' '));
      const ranked = (await repo.candidates(this.db, grams, terms, filter)).sort(byRank).map((c) => c.id);
      let hits: number[];
      if (!grams.length || terms.every(provenByBigram)) hits = ranked;
      else if (ranked.length <= this.confirmAll) hits = (await this.confirmed(ranked, terms, ranked.length)).hits;
      else ({ hits, complete: exact } = await this.confirmed(ranked, terms, offset + limit));
      total = exact ? hits.length : ranked.length;
      const page = hits.slice(offset, offset + limit);
      const byId = new Map((await repo.listed(this.db, page)).map((r) => [r.id, r]));
      rows = page.map((id) => byId.get(id)!);
    }
    const items = rows.map((r) => ({
      id: r.id, title: r.title, snippet: snippet(r.body, terms), category_id: r.category_id, keywords: keywordsOf(r),
      active: Boolean(r.active), use_count: r.use_count, version: r.version, updated_at: iso(r.updated_at),
    }));
    return { items, total, total_exact: exact, page: input.page, per_page: input.per_page };
  }

  /**
   * The ranked ids whose text contains every term, in rank order, confirmed twice the number still needed at a
   * time until `need` are found; complete when every candidate was looked at.
   */
  private async confirmed(ranked: number[], terms: string[], need: number): Promise<{ hits: number[]; complete: boolean }> {
    const hits: number[] = [];
    let i = 0;
    while (i < ranked.length && hits.length < need) {
      const batch = ranked.slice(i, i + Math.max(2 * (need - hits.length), 10));
      i += batch.length;
      const ok = await repo.confirm(this.db, batch, terms);
      hits.push(...batch.filter((id) => ok.has(id)));
    }
    return { hits, complete: i >= ranked.length };
  }

  async get(actor: Actor, id: number) {
    const row = await repo.find(this.db, id);
    // A withdrawn article is gone for the people who answer calls; its editors still see it.
    if (!row || (!row.active && !EDITORS.includes(actor.role))) throw errors.notFound('知识条目');
    return articleView(row);
  }

  async create(actor: Actor, input: CreateArticle) {
    this.assertEditor(actor);
    await this.checkCategory(input.category_id);
    const now = toDbTime(clock.now());
    const id = await withTransaction(this.db, async (trx) => {
      const text = searchText(input);
      const id = await repo.insert(trx, {
        title: input.title, body: input.body, category_id: input.category_id ?? null, keywords: JSON.stringify(input.keywords),
        search_text: text, active: true, use_count: 0, version: 1, created_by: actor.id, updated_by: actor.id,
        created_at: now, updated_at: now,
      });
      await repo.addGrams(trx, id, bigrams(text));
      return id;
    });
    return articleView((await repo.find(this.db, id))!);
  }

  /** Saves a change made on `version`; a concurrent save of the same version gets 409 VERSION_CONFLICT. */
  async update(actor: Actor, id: number, input: UpdateArticle) {
    this.assertEditor(actor);
    await this.checkCategory(input.category_id);
    await withTransaction(this.db, async (trx) => {
      const row = await repo.find(trx, id);
      if (!row) throw errors.notFound('知识条目');
      if (row.version !== input.version) throw errors.versionConflict();
      const next = {
        title: input.title ?? row.title, body: input.body ?? row.body,
        keywords: input.keywords ?? keywordsOf(row),
      };
      const text = searchText(next);
      const patch: Partial<ArticleRow> = {
        ...next, keywords: JSON.stringify(next.keywords), search_text: text, updated_by: actor.id,
        updated_at: toDbTime(clock.now()),
        ...(input.category_id !== undefined ? { category_id: input.category_id } : {}),
        ...(input.active !== undefined ? { active: input.active } : {}),
      };
      if (!(await repo.updateVersioned(trx, id, row.version, patch))) throw errors.versionConflict();
      if (text !== row.search_text) {
        const before = new Set(bigrams(row.search_text));
        const after = new Set(bigrams(text));
        await repo.removeGrams(trx, id, [...before].filter((g) => !after.has(g)));
        await repo.addGrams(trx, id, [...after].filter((g) => !before.has(g)));
      }
    });
    return articleView((await repo.find(this.db, id))!);
  }

  /** DELETE withdraws an article: answers that used it keep pointing at it, so the row stays. */
  async withdraw(actor: Actor, id: number): Promise<void> {
    this.assertEditor(actor);
    const row = await repo.find(this.db, id);
    if (!row) throw errors.notFound('知识条目');
    if (row.active) await this.update(actor, id, { version: row.version, active: false });
  }

  private assertEditor(actor: Actor) {
    if (!EDITORS.includes(actor.role)) throw errors.forbidden('只有督办人员和管理员可以维护知识库 / only supervisors and administrators edit the knowledge base');
  }

  private async checkCategory(id: number | null | undefined) {
    if (id && !(await categoriesRepository.find(this.db, id))) {
      throw errors.validation([{ path: 'category_id', message: '分类不存在 / no such category' }]);
    }
  }
}
