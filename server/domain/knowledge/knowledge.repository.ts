// Every query of the knowledge base: articles, their texts and their bigram index (see the knowledge migration).
import type { Executor } from '../../lib/db.ts';

export interface ArticleRow {
  id: number;
  title: string;
  body: string;
  category_id: number | null;
  keywords: string;
  search_text: string;
  active: boolean | number;
  use_count: number;
  version: number;
  created_by: number | null;
  updated_by: number | null;
  created_at: string;
  updated_at: string;
}

export interface SearchFilter {
  category_id?: number;
  includeInactive: boolean;
}

/** What ranking needs of a matching article, read without its long texts. */
export interface Candidate {
  id: number;
  use_count: number;
  updated_at: string;
  title_hit: number;
}

const CHUNK = 500;
/** One-character queries have no bigram to go by: at most this many of the best ranked matches are kept. */
const ONE_CHAR_LIMIT = 500;
const LIST_COLUMNS = ['a.id', 'a.title', 't.body', 'a.category_id', 'a.keywords', 'a.active', 'a.use_count', 'a.version', 'a.updated_at'];
const TEXTS = ['body', 'search_text'] as const;

/** An article row split into its short columns and its texts. */
function split(row: Partial<ArticleRow>) {
  const { body, search_text, ...short } = row;
  const texts = Object.fromEntries(Object.entries({ body, search_text }).filter(([, v]) => v !== undefined));
  return { short, texts };
}

const withTexts = (db: Executor) => db('knowledge_articles as a').join('knowledge_texts as t', 't.article_id', 'a.id');
const likeTerm = (s: string) => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export const knowledgeRepository = {
  async insert(trx: Executor, row: Omit<ArticleRow, 'id'>): Promise<number> {
    const { short, texts } = split(row);
    const [id] = await trx('knowledge_articles').insert(short);
    await trx('knowledge_texts').insert({ article_id: Number(id), ...texts });
    return Number(id);
  },

  async find(db: Executor, id: number): Promise<ArticleRow | null> {
    return (await withTexts(db).where('a.id', id).first('a.*', ...TEXTS.map((c) => `t.${c}`))) ?? null;
  },

  /** Optimistic update: false when someone saved the article since `version` was read. */
  async updateVersioned(trx: Executor, id: number, version: number, patch: Partial<ArticleRow>): Promise<boolean> {
    const { short, texts } = split(patch);
    if ((await trx('knowledge_articles').where({ id, version }).update({ ...short, version: version + 1 })) !== 1) return false;
    if (Object.keys(texts).length) await trx('knowledge_texts').where({ article_id: id }).update(texts);
    return true;
  },

  async countUse(trx: Executor, id: number): Promise<void> {
    await trx('knowledge_articles').where({ id }).increment('use_count', 1);
  },

  async addGrams(trx: Executor, articleId: number, grams: number[]): Promise<void> {
    for (let i = 0; i < grams.length; i += CHUNK) {
      await trx('knowledge_grams').insert(grams.slice(i, i + CHUNK).map((gram) => ({ gram, article_id: articleId })));
    }
  },

  /** Removes an article's bigrams through the primary key (gram, article_id): no index on article_id needed. */
  async removeGrams(trx: Executor, articleId: number, grams: number[]): Promise<void> {
    for (let i = 0; i < grams.length; i += CHUNK) {
      await trx('knowledge_grams').whereIn('gram', grams.slice(i, i + CHUNK)).andWhere('article_id', articleId).delete();
    }
  },

  /**
   * The articles that may match, with what ranks them: those holding every bigram of the query (`grams`), or with
   * no bigram to go by (one-character terms), those whose text (title, keywords or body) contains every term.
   * That is a LIKE over every article's text, so only the best ranked ONE_CHAR_LIMIT are kept.
   */
  async candidates(db: Executor, grams: number[], terms: string[], f: SearchFilter): Promise<Candidate[]> {
    const q = db('knowledge_articles as a');
    if (!f.includeInactive) q.where('a.active', true);
    if (f.category_id) q.where('a.category_id', f.category_id);
    if (grams.length) {
      q.whereIn('a.id', db('knowledge_grams').select('article_id').whereIn('gram', grams)
        .groupBy('article_id').havingRaw('COUNT(*) = ?', [grams.length]));
    } else {
      // search_text is the normalised title, keywords and body, as the terms are normalised.
      q.join('knowledge_texts as t', 't.article_id', 'a.id');
      for (const term of terms) q.whereRaw('t.search_text LIKE ? ESCAPE ?', [likeTerm(term), '\\']);
      q.orderByRaw('title_hit DESC').orderBy('a.use_count', 'desc').orderBy('a.updated_at', 'desc').orderBy('a.id', 'desc')
        .limit(ONE_CHAR_LIMIT);
    }
    const titleHit = terms.length ? db.raw('CASE WHEN a.title LIKE ? ESCAPE ? THEN 1 ELSE 0 END AS title_hit', [likeTerm(terms[0]), '\\']) : db.raw('0 AS title_hit');
    const rows = await q.select('a.id', 'a.use_count', 'a.updated_at', titleHit);
    return rows.map((r: Candidate) => ({ ...r, id: Number(r.id), title_hit: Number(r.title_hit) }));
  },

  /** Of these articles, the ids whose text really contains every term (a bigram match may be a false one). */
  async confirm(db: Executor, ids: number[], terms: string[]): Promise<Set<number>> {
    const found = new Set<number>();
    for (let i = 0; i < ids.length; i += CHUNK) {
      const q = db('knowledge_texts').whereIn('article_id', ids.slice(i, i + CHUNK));
      for (const term of terms) q.whereRaw('search_text LIKE ? ESCAPE ?', [likeTerm(term), '\\']);
      for (const r of await q.select('article_id')) found.add(Number(r.article_id));
    }
    return found;
  },

  /** The list columns of these articles (a result page). */
  async listed(db: Executor, ids: number[]): Promise<ArticleRow[]> {
    return ids.length ? withTexts(db).whereIn('a.id', ids).select(LIST_COLUMNS) : [];
  },

  /** Without a query: the most used first, and how many there are. */
  async browse(db: Executor, f: SearchFilter, limit: number, offset: number): Promise<{ rows: ArticleRow[]; total: number }> {
    const q = db('knowledge_articles as a');
    if (!f.includeInactive) q.where('a.active', true);
    if (f.category_id) q.where('a.category_id', f.category_id);
    const [{ n }] = await q.clone().count({ n: '*' });
    const rows = await q.join('knowledge_texts as t', 't.article_id', 'a.id').select(LIST_COLUMNS)
      .orderBy('a.use_count', 'desc').orderBy('a.updated_at', 'desc').orderBy('a.id', 'desc').limit(limit).offset(offset);
    return { rows, total: Number(n) };
  },
};
