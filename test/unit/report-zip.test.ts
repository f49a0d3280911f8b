import { expect } from 'chai';
import { zipOptions } from '../../server/domain/reports/report-export.ts';

describe('the report workbook zip', () => {
  it('stores a report of a few hundred units and deflates one of thousands at the fastest level', () => {
    expect(zipOptions(60)).to.deep.equal({ compression: 'STORE' });
    expect(zipOptions(499)).to.deep.equal({ compression: 'STORE' });
    expect(zipOptions(500)).to.deep.equal({ compression: 'DEFLATE', compressionOptions: { level: 1 } });
  });
});
