// Every query of the knowledge base: articles, their texts and their bigram index (see the knowledge migration).
import type { Knex } from 'knex';
import type { Executor } from '../../lib/db.ts';
import type { Scored, Term } from './ranking.ts';

export interface ArticleRow {
  id: number;
  title: string;
  body: string;
  category_id: number | null;
  department_id: number | null;
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
  department_id?: number;
  includeInactive: boolean;
}

/** What ranking needs of a matching article, read without its long texts. */
export interface Candidate {
  id: number;
  title: string;
  use_count: number;
  updated_at: string;
  title_hit: number;
}

const CHUNK = 500;
/** One-character queries have no bigram to go by: at most this many of the best ranked matches are kept. */
const ONE_CHAR_LIMIT = 500;
const LIST_COLUMNS = [
  'a.id',
  'a.title',
  't.body',
  'a.category_id',
  'a.department_id',
  'a.keywords',
  'a.active',
  'a.use_count',
  'a.version',
  'a.updated_at',
];
const TEXTS = ['body', 'search_text'] as const;

/** An article row split into its short columns and its texts. */
function split(row: Partial<ArticleRow>) {
  const { body, search_text, ...short } = row;
  const texts = Object.fromEntries(Object.entries({ body, search_text }).filter(([, v]) => v !== undefined));
  return { short, texts };
}

/** The filters of a search or a browse: withdrawn articles, a category, a department's own articles. */
function filtered<Q extends Knex.QueryBuilder>(q: Q, f: SearchFilter): Q {
  if (!f.includeInactive) q.where('a.active', true);
  if (f.category_id) q.where('a.category_id', f.category_id);
  if (f.department_id) q.where('a.department_id', f.department_id);
  return q;
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
    return (
      (await withTexts(db)
        .where('a.id', id)
        .first('a.*', ...TEXTS.map((c) => `t.${c}`))) ?? null
    );
  },

  /** Optimistic update: false when someone saved the article since `version` was read. */
  async updateVersioned(trx: Executor, id: number, version: number, patch: Partial<ArticleRow>): Promise<boolean> {
    const { short, texts } = split(patch);
    if (
      (await trx('knowledge_articles')
        .where({ id, version })
        .update({ ...short, version: version + 1 })) !== 1
    )
      return false;
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
      await trx('knowledge_grams')
        .whereIn('gram', grams.slice(i, i + CHUNK))
        .andWhere('article_id', articleId)
        .delete();
    }
  },

  /**
   * Articles whose text holds only one-character terms (no bigram to go by): a LIKE over every article's text
   * (title, keywords and body) for every term, so only the best ranked ONE_CHAR_LIMIT are kept.
   */
  async literalMatches(db: Executor, terms: string[], f: SearchFilter): Promise<Candidate[]> {
    const q = filtered(db('knowledge_articles as a'), f).join('knowledge_texts as t', 't.article_id', 'a.id');
    // search_text is the normalised title, keywords and body, as the terms are normalised.
    for (const term of terms) q.whereRaw('t.search_text LIKE ? ESCAPE ?', [likeTerm(term), '\\']);
    const titleHit = db.raw('CASE WHEN a.title LIKE ? ESCAPE ? THEN 1 ELSE 0 END AS title_hit', [
      likeTerm(terms[0]),
      '\\',
    ]);
    const rows = await q
      .orderByRaw('title_hit DESC')
      .orderBy('a.use_count', 'desc')
      .orderBy('a.updated_at', 'desc')
      .orderBy('a.id', 'desc')
      .limit(ONE_CHAR_LIMIT)
      .select('a.id', 'a.title', 'a.use_count', 'a.updated_at', titleHit);
    return rows.map((r: Candidate) => ({ ...r, id: Number(r.id), title_hit: Number(r.title_hit) }));
  },

  /**
   * Articles holding, for every term with bigrams, at least `need` of them (counted per term in one pass over
   * the index: a query's bigrams narrow 10,000 articles through the primary key), and every one-character term
   * anywhere in their text. Answers, per term, how many of its bigrams each article holds, to rank by.
   */
  async matching(db: Executor, terms: Term[], f: SearchFilter): Promise<Scored[]> {
    const indexed = terms.filter((t) => t.grams.length);
    const sub = db('knowledge_grams')
      .select('article_id')
      .whereIn('gram', [...new Set(indexed.flatMap((t) => t.grams))])
      .groupBy('article_id');
    indexed.forEach((t, i) => {
      // One term needs no CASE: every row of the group is one of its bigrams.
      const held =
        indexed.length === 1
          ? 'COUNT(*)'
          : `SUM(CASE WHEN gram IN (${t.grams.map(() => '?').join(', ')}) THEN 1 ELSE 0 END)`;
      const bind = indexed.length === 1 ? [] : t.grams;
      // HAVING names the column (SQLite and MySQL both allow it): the CASE is worked out once per row, not twice.
      sub.select(db.raw(`${held} AS h${i}`, bind)).havingRaw(`h${i} >= ?`, [t.need]);
    });
    const q = filtered(db.from(sub.as('g')).join('knowledge_articles as a', 'a.id', 'g.article_id'), f);
    const literal = terms.filter((t) => !t.grams.length);
    if (literal.length) {
      q.join('knowledge_texts as t', 't.article_id', 'a.id');
      for (const term of literal) q.whereRaw('t.search_text LIKE ? ESCAPE ?', [likeTerm(term.text), '\\']);
    }
    const rows = await q.select('a.id', 'a.title', 'a.use_count', 'a.updated_at', ...indexed.map((_, i) => `g.h${i}`));
    return rows.map((r) => {
      let i = 0;
      // Per term of the query; a literal term is wholly there.
      const held = terms.map((t) => (t.grams.length ? Number(r[`h${i++}`]) : 0));
      return { id: Number(r.id), title: r.title, use_count: Number(r.use_count), updated_at: r.updated_at, held };
    });
  },

  /** The list columns of these articles (a result page). */
  async listed(db: Executor, ids: number[]): Promise<ArticleRow[]> {
    return ids.length ? withTexts(db).whereIn('a.id', ids).select(LIST_COLUMNS) : [];
  },

  /** Without a query: the most used first, and how many there are. */
  async browse(
    db: Executor,
    f: SearchFilter,
    limit: number,
    offset: number,
  ): Promise<{ rows: ArticleRow[]; total: number }> {
    const q = filtered(db('knowledge_articles as a'), f);
    const [{ n }] = await q.clone().count({ n: '*' });
    const rows = await q
      .join('knowledge_texts as t', 't.article_id', 'a.id')
      .select(LIST_COLUMNS)
      .orderBy('a.use_count', 'desc')
      .orderBy('a.updated_at', 'desc')
      .orderBy('a.id', 'desc')
      .limit(limit)
      .offset(offset);
    return { rows, total: Number(n) };
  },
};
