// The pages show the server's "中文 / English" messages in one language (web/src/i18n.ts oneLanguage).
import { expect } from 'chai';
import { oneLanguage } from '../../web/src/i18n.ts';

/** The page's language as a browser would hold it (the switch remembers it in localStorage). */
function pageIn(lang: 'zh' | 'en') {
  const store = new Map<string, string>([['lang', lang]]);
  Object.assign(globalThis, {
    location: { search: '' },
    localStorage: { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => store.set(k, v) },
  });
}

describe("oneLanguage: the server's bilingual messages in the page's language", () => {
  const saved = { location: (globalThis as any).location, localStorage: (globalThis as any).localStorage };
  after(() => Object.assign(globalThis, saved));

  it('keeps the Chinese half on a Chinese page and the English half, as a sentence, on an English one', () => {
    pageIn('zh');
    expect(oneLanguage('请求参数有误 / invalid input')).to.equal('请求参数有误');
    expect(
      oneLanguage(
        '账号已锁定，请于北京时间 2026年12月5日 14:16 后再试 / account locked; try again after 2026-12-05 14:16 Beijing time',
      ),
    ).to.equal('账号已锁定，请于北京时间 2026年12月5日 14:16 后再试');
    pageIn('en');
    expect(oneLanguage('请求参数有误 / invalid input')).to.equal('Invalid input');
    expect(oneLanguage('至少 8 个字符 / at least 8 characters')).to.equal('At least 8 characters');
  });

  it('leaves a name holding " / " whole and splits at the English half, which may hold " / " itself', () => {
    pageIn('zh');
    expect(oneLanguage('分类“城建 / 道路”已存在 / category exists')).to.equal('分类“城建 / 道路”已存在');
    pageIn('en');
    expect(oneLanguage('分类“城建 / 道路”已存在 / category exists')).to.equal('Category exists');
    expect(oneLanguage('须提供位置 / lat / long or an address')).to.equal('Lat / long or an address');
  });

  it('passes text in one language unchanged, so cutting twice changes nothing', () => {
    for (const lang of ['zh', 'en'] as const) {
      pageIn(lang);
      for (const text of ['已签收', 'Signed', 'a / b', '城建 / 道路', '2026-12-05 / 2026-12-06'])
        expect(oneLanguage(text)).to.equal(text);
      const once = oneLanguage('工单已被他人修改，请刷新后重试 / the ticket changed, reload and retry');
      expect(oneLanguage(once)).to.equal(once);
    }
  });
});
