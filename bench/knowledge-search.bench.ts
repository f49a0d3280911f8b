// Knowledge search (知识库) on 10,000 generated Chinese articles: the latency an operator sees while the caller
// waits, through the service (bigram index + LIKE confirmation), next to a plain LIKE scan of the same text.
//   npx tsx bench/knowledge-search.bench.ts                      (SQLite, a fresh file)
//   DB_CLIENT=mysql DATABASE_URL=mysql://hotline:hotline@127.0.0.1:3306/hotline_bench4 \
//     npx tsx bench/knowledge-search.bench.ts
// BENCH_ARTICLES (10000) and BENCH_RUNS (200 per query) change the size.
import os from 'node:os';
import { loadConfig } from '../config/default.ts';
import { migrateLatest, rollbackAll } from '../migrations/index.ts';
import { createDb, toDbTime, withTransaction } from '../server/lib/db.ts';
import { knowledgeRepository } from '../server/domain/knowledge/knowledge.repository.ts';
import { KnowledgeService } from '../server/domain/knowledge/knowledge.service.ts';
import { bigrams, searchText } from '../server/domain/knowledge/search-text.ts';
import { article, Rng } from './knowledge-data.ts';
import { dbEnv, freshMysql } from './support-intake.ts';

const ARTICLES = Number(process.env.BENCH_ARTICLES ?? 10_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 200);
const QUERIES: Array<[string, string]> = [
  ['公积金', 'a word of ~2% of titles'],
  ['住房公积金提取', 'a long phrase'],
  ['身份证', 'in most articles'],
  ['办理', 'two very common characters'],
  ['不动产登记 所需材料', 'two terms'],
  ['社会保障卡 补办方法', 'two terms'],
  ['量子计算机', 'no match'],
  ['ETC', 'Latin letters'],
  ['税', 'one character (titles and keywords)'],
];

const env = dbEnv();
const config = loadConfig(
  env.DB_CLIENT === 'mysql'
    ? { dbClient: 'mysql', databaseUrl: env.DATABASE_URL }
    : { dbClient: 'sqlite', dbFile: env.DB_FILE },
);
if (config.dbClient === 'mysql') await freshMysql(config.databaseUrl!);
const db = createDb(config);
await migrateLatest(db);
await rollbackAll(db);
await migrateLatest(db);

const rng = new Rng(20261122);
const now = toDbTime(new Date());
let started = performance.now();
let grams = 0;
for (let i = 0; i < ARTICLES; i += 100) {
  await withTransaction(db, async (trx) => {
    for (let j = i; j < Math.min(i + 100, ARTICLES); j++) {
      const a = article(rng, j);
      const text = searchText(a);
      const id = await knowledgeRepository.insert(trx, {
        title: a.title,
        body: a.body,
        category_id: null,
        department_id: null,
        keywords: JSON.stringify(a.keywords),
        search_text: text,
        active: true,
        use_count: rng.int(50),
        version: 1,
        created_by: null,
        updated_by: null,
        created_at: now,
        updated_at: now,
      });
      const g = bigrams(text);
      grams += g.length;
      await knowledgeRepository.addGrams(trx, id, g);
    }
  });
}
if (config.dbClient === 'mysql') await db.raw('ANALYZE TABLE knowledge_articles, knowledge_grams');
else await db.raw('ANALYZE');
console.log(
  `database: ${config.dbClient}; ${ARTICLES} articles, ${grams} index rows (${(grams / ARTICLES).toFixed(0)} ` +
    `per article), loaded in ${((performance.now() - started) / 1000).toFixed(1)} s`,
);
console.log(
  `machine load (1/5/15 min): ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' / ')} on ${os.cpus().length} CPUs`,
);

const operator = { id: null, role: 'operator' as const, department_id: null };
const service = new KnowledgeService(db);
const q = (ms: number[], p: number) => ms[Math.min(ms.length - 1, Math.floor(ms.length * p))];
const fmt = (ms: number) => ms.toFixed(2).padStart(7);
const all: number[] = [];
const likeAll: number[] = [];
console.log(
  `${'query'.padEnd(22)} ${'matches'.padStart(7)}  median      p99   | plain LIKE median   (${RUNS} runs each)`,
);
for (const [query, what] of QUERIES) {
  const times: number[] = [];
  let total = '';
  for (let r = 0; r < RUNS; r++) {
    started = performance.now();
    const found = await service.search(operator, { q: query, page: 1, per_page: 20 });
    total = `${found.total_exact ? '' : '~'}${found.total}`;
    times.push(performance.now() - started);
  }
  // The alternative the index replaces: every article's text scanned with LIKE for every term.
  const like: number[] = [];
  for (let r = 0; r < Math.min(RUNS, 30); r++) {
    started = performance.now();
    const scan = db('knowledge_articles as a')
      .join('knowledge_texts as t', 't.article_id', 'a.id')
      .where('a.active', true);
    for (const term of query.toLowerCase().split(' ')) scan.where('t.search_text', 'like', `%${term}%`);
    await scan.orderBy('a.use_count', 'desc').limit(20).select('a.id');
    like.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  like.sort((a, b) => a - b);
  all.push(...times);
  likeAll.push(...like);
  console.log(
    `${`${query} `.padEnd(22 - [...query].filter((c) => c > '\u2e80').length)} ${String(total).padStart(7)} ` +
      `${fmt(q(times, 0.5))} ms ${fmt(q(times, 0.99))} ms | ${fmt(q(like, 0.5))} ms   ${what}`,
  );
}
all.sort((a, b) => a - b);
console.log(
  `machine load after: ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' / ')}`,
);
likeAll.sort((a, b) => a - b);
console.log(
  `all searches: median ${q(all, 0.5).toFixed(2)} ms, p99 ${q(all, 0.99).toFixed(2)} ms (${all.length} ` +
    `searches); plain LIKE: median ${q(likeAll, 0.5).toFixed(2)} ms, p99 ${q(likeAll, 0.99).toFixed(2)} ms`,
);
await db.destroy();
