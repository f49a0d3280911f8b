// The one message catalogue (server/i18n): every entry says itself in both languages, every key the server or a
// page names exists, and a message renders the same words the API said before it had keys.
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { bilingual, catalogue, isMessageKey, render } from '../../server/i18n/index.ts';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const CJK = /[\u3400-\u9fff]/;

function* sources(dir: string): Generator<string> {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* sources(full);
    else if (entry.name.endsWith('.ts')) yield full;
  }
}

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)(?:@([\w.]+))?\}/g)];
const prefixes = new Set(Object.keys(catalogue).map((k) => k.slice(0, k.lastIndexOf('.'))));

describe('the message catalogue', () => {
  it('says every entry in Chinese and in English', () => {
    const problems: string[] = [];
    for (const [key, entry] of Object.entries(catalogue) as [string, { zh: string; en: string }][]) {
      if (!entry.zh?.trim() || !entry.en?.trim()) problems.push(`${key}: a language is empty`);
      if (!/[\u3000-\u9fff\uff00-\uffef]/.test(entry.zh) && !/^[\w{]/.test(entry.zh))
        problems.push(`${key}: no Chinese in zh`);
      if (CJK.test(entry.en)) problems.push(`${key}: Chinese in en`);
      // A value named from the catalogue ({status@status}) names a family that exists.
      for (const m of [...placeholders(entry.zh), ...placeholders(entry.en)]) {
        if (m[2] && m[2] !== 'time' && !prefixes.has(m[2])) problems.push(`${key}: no names under ${m[2]}`);
      }
    }
    expect(problems).to.deep.equal([]);
  });

  it('holds every key the server names', () => {
    // Where the server names a message: a refusal, a field's detail, a worded answer, a name; and the schemas'
    // messages, which are keys of the families only messages use.
    const contexts = [
      /errors\.\w+\(\s*(?:\[[^\]]*\],\s*)?'([\w.]+)'/g,
      /\bdetail\([^,()]+,\s*'([\w.]+)'/g,
      /\b(?:worded|bilingual|render|say)\(\s*'([\w.]+)'/g,
      /new AppError\(\s*\d+,\s*'[A-Z_]+',\s*'([\w.]+)'/g,
      // A schema's message anywhere: z.iso.date('field.date'), .regex(/.../, 'ticket.numberFormat').
      /\bz\.[\w.]+\(\s*'([\w.]+)'/g,
      /\.regex\(\/.*?\/,\s*'([\w.]+)'\)/g,
    ];
    // A schema's message: the last argument of a check, or its `message`/`error` option.
    const schemaContexts = [/,\s*'([a-z]+\.[a-z]\w*)'\s*\)/g, /\b(?:message|error):\s*'([a-z]+\.[a-z]\w*)'/g];
    const missing: string[] = [];
    for (const folder of ['server', 'web/src']) {
      for (const file of sources(path.join(ROOT, folder))) {
        if (file.includes(`${path.sep}i18n${path.sep}`) || file.includes(`${path.sep}demo${path.sep}`)) continue;
        const text = fs.readFileSync(file, 'utf8');
        const server = folder === 'server';
        const schema = /(schemas|validate)\.ts$/.test(file);
        for (const re of [...(server ? contexts : [contexts[2]]), ...(schema ? schemaContexts : [])]) {
          for (const m of text.matchAll(re)) {
            // errors.notFound names a thing: `thing.<what>`.
            const key = /errors\.notFound\(/.test(m[0]) ? `thing.${m[1]}` : m[1];
            if (!isMessageKey(key)) missing.push(`${path.relative(ROOT, file)}: ${key}`);
          }
        }
      }
    }
    expect(missing).to.deep.equal([]);
  });

  it('says a message as the API did: "中文 / English", names and times worded in each language', () => {
    expect(bilingual('error.invalidInput')).to.equal('请求参数有误 / invalid input');
    expect(bilingual('ticket.invalidTransition', { status: 'dispatched', action: 'reply' })).to.equal(
      '工单状态为“待签收”，不能答复 / cannot reply a dispatched ticket',
    );
    expect(bilingual('auth.locked', { until: '2026-12-05T06:16:00.000Z' })).to.equal(
      '账号已锁定，请于北京时间 2026年12月5日 14:16 后再试 / account locked; try again after 2026-12-05 14:16 Beijing time',
    );
    expect(render('field.oneOf', { values: ['a', 'b'] }, 'zh')).to.equal('取值无效，应为：a、b');
    expect(render('field.oneOf', { values: ['a', 'b'] }, 'en')).to.equal('expected one of a, b');
    expect(bilingual('error.notFound', { what: 'ticket' })).to.equal('工单不存在 / not found');
  });
});

describe("the pages' words", () => {
  const saved = {
    location: (globalThis as any).location,
    localStorage: (globalThis as any).localStorage,
    document: (globalThis as any).document,
  };
  after(() => Object.assign(globalThis, saved));

  for (const lang of ['zh', 'en'] as const) {
    it(`has every key a page asks t() for, in ${lang}`, async () => {
      const store = new Map<string, string>([['lang', lang]]);
      Object.assign(globalThis, {
        location: { search: '' },
        // Enough of a page for the modules that listen at load (the toasts remember the control last used).
        document: { addEventListener: () => {}, documentElement: {} },
        localStorage: {
          getItem: (k: string) => store.get(k) ?? null,
          setItem: (k: string, v: string) => store.set(k, v),
        },
      });
      const web = path.join(ROOT, 'web/src');
      const { t } = await import('../../web/src/i18n.ts');
      for (const file of sources(web)) {
        if (/messages\.ts$|ui[\\/](names|password)\.ts$/.test(file)) await import(file);
      }
      const missing: string[] = [];
      for (const file of sources(web)) {
        for (const m of fs.readFileSync(file, 'utf8').matchAll(/\bt\('([\w.]+)'\)/g)) {
          if (t(m[1]) === m[1]) missing.push(`${path.relative(ROOT, file)}: ${m[1]}`);
        }
      }
      expect(missing).to.deep.equal([]);
    });
  }
});
