import { expect } from 'chai';
import { bigrams, normalize, queryTerms, searchText, snippet } from '../../server/domain/knowledge/search-text.ts';

const pair = (s: string) => s.charCodeAt(0) * 0x10000 + s.charCodeAt(1);

describe('knowledge search text', () => {
  describe('bigrams', () => {
    it('gives every distinct pair of adjacent characters', () => {
      expect(bigrams('公积金公积').sort()).to.deep.equal([pair('公积'), pair('积金'), pair('金公')].sort());
    });

    it('never pairs across punctuation or spaces, and ignores single characters', () => {
      expect(bigrams('住房，公积 金 a')).to.deep.equal([pair('住房'), pair('公积')]);
    });

    it("makes the bigrams of a substring a subset of the text's", () => {
      const text = bigrams(normalize('住房公积金提取（租房）'));
      for (const g of bigrams('公积金')) expect(text).to.include(g);
    });

    it('fits every pair into an unsigned 32-bit integer, folding characters beyond the BMP together', () => {
      const [g] = bigrams('𠀀𠀁');
      expect(g).to.equal(0xfffd * 0x10000 + 0xfffd);
      for (const x of bigrams('\uffff\uffff中文')) expect(x).to.be.within(0, 2 ** 32 - 1);
    });
  });

  it('normalises full width and case (NFKC, lower case)', () => {
    expect(normalize('ＥＴＣ１２３Ab')).to.equal('etc123ab');
    expect(queryTerms('  公积金  ＥＴＣ 公积金 ')).to.deep.equal(['公积金', 'etc']);
    expect(searchText({ title: 'A', keywords: ['K1', 'k2'], body: 'B' })).to.equal('a\nk1 k2\nb');
  });

  it('cuts a snippet around the first match', () => {
    const body = `${'前'.repeat(100)}公积金${'后'.repeat(100)}`;
    const s = snippet(body, ['公积金'], 30);
    expect(s).to.include('公积金');
    expect(s.startsWith('…')).to.equal(true);
    expect(s.endsWith('…')).to.equal(true);
    expect(snippet('短文', ['无'], 30)).to.equal('短文');
  });
});
