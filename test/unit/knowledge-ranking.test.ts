import { expect } from 'chai';
import { needed, score, titleForm, toTerms } from '../../server/domain/knowledge/ranking.ts';
import { snippet } from '../../server/domain/knowledge/search-text.ts';

describe('knowledge ranking', () => {
  it('needs a short term whole and half of a longer one, at most four pairs', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 20].map(needed)).to.deep.equal([1, 2, 2, 2, 3, 3, 4, 4]);
    const [term] = toTerms(['提取公积金']);
    expect(term.pairs).to.deep.equal(['提取', '取公', '公积', '积金']);
    expect(term.need).to.equal(2);
  });

  it('ranks the title holding the words first, the shorter title before the longer, body-only matches last', () => {
    const terms = toTerms(['提取公积金']);
    const ranked = [
      ['住房公积金提取条件与办理流程', [3]],
      ['公积金贷款额度', [4]],
      ['公积金提取', [3]],
      ['提取公积金须知', [4]],
    ]
      .map(([title, held]) => ({
        title: title as string,
        s: score(terms, titleForm(title as string), held as number[]),
      }))
      .sort((a, b) => b.s - a.s)
      .map((x) => x.title);
    expect(ranked).to.deep.equal(['提取公积金须知', '公积金提取', '住房公积金提取条件与办理流程', '公积金贷款额度']);
  });

  it('compares full-width titles as typed (NFKC)', () => {
    expect(titleForm('ＥＴＣ 通行费')).to.equal('etc 通行费');
  });

  it('cuts a snippet around the words found in another order', () => {
    const body = `${'前'.repeat(100)}公积金提取${'后'.repeat(100)}`;
    expect(snippet(body, ['提取公积金'], 30)).to.include('公积金提取');
  });
});
