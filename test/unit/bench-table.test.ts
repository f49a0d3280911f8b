import { expect } from 'chai';
import { buildRows, markdown, parseTable, share, verdict } from '../../bench/table.ts';

describe('npm run bench table (bench/table.ts)', () => {
  it('gives the share of the bare limit reached: service/bare for rates, bare/service for times', () => {
    expect(share(800, 1000, 'rate')).to.equal(0.8);
    expect(share(40, 10, 'time')).to.equal(0.25);
    expect(share(0, 1000, 'rate')).to.equal(null);
    expect(share(5, NaN, 'time')).to.equal(null);
  });

  it('says yes, or no with the parts missed', () => {
    expect(verdict([[true, 'rate']])).to.equal('yes');
    expect(
      verdict([
        [false, 'rate'],
        [true, 'p99'],
        [false, 'ratio'],
      ]),
    ).to.equal('no: rate, ratio');
  });

  it('judges creation against the bare handler and the targets', () => {
    const rows = buildRows('mariadb', [
      { key: 'create.bare', rps: 2500, p99: 30 },
      { key: 'create.plain', rps: 2100, p99: 40, rssMb: 150 },
      { key: 'create.keyed', rps: 1000, p99: 60, rssMb: 160 },
    ]);
    expect(rows.map((r) => [r.target, r.ratio, r.met, r.rss])).to.deep.equal([
      ['work orders created over HTTP', 0.84, 'yes', '150 MB'],
      ["console's keyed create-and-dispatch", 0.4, 'no: p99, ratio', '160 MB'],
    ]);
  });

  it('judges the sweep by its cost per due ticket and its cost with nothing due', () => {
    const rows = buildRows('sqlite', [
      { key: 'sweep', open: 200000, due: 2000, nothingMs: 1, fewMs: 500, sweepMs: 4000, levelsMs: 5000, bareMs: 2000 },
    ]);
    expect(rows.map((r) => [r.target, r.ratio, r.met])).to.deep.equal([
      ['escalation sweep, per due ticket', 0.5, 'no: fixed cost'],
      ['escalation sweep, per due level (passed down)', 0.4, '—'],
      ['escalation sweep, nothing due', 1, 'yes'],
    ]);
  });

  it('fails the sweep whose escalations failed, whatever its times', () => {
    // A data set without a newer counter table failed every red card: the times then measured failures.
    const rows = buildRows('sqlite', [
      { key: 'sweep', open: 200000, due: 2000, nothingMs: 1, fewMs: 50, sweepMs: 4000, levelsMs: 5000, bareMs: 2000 },
    ]);
    expect(rows[0].met).to.equal('yes');
    const failed = buildRows('sqlite', [
      { key: 'sweep', open: 200000, due: 2000, nothingMs: 1, fewMs: 50, sweepMs: 4000, bareMs: 2000, failed: 1050 },
    ]);
    expect(failed[0].met).to.equal('no: 1,050 escalations failed');
  });

  it('writes a table that reads back as the last run, by target and backend', () => {
    const rows = buildRows('sqlite', [
      { key: 'dashboard', clients: 1000, p50: 20, p99: 50, bareP99: 40, rssMb: 180, bareRssMb: 90 },
    ]);
    const md = markdown(rows);
    expect(md.split('\n')).to.have.length(4);
    const last = parseTable(md);
    expect(last.get('1,000 dashboards updated after a commit|sqlite')).to.equal(
      'p99 50.0 ms (p50 20.0) until all (0.80)',
    );
    expect(markdown(rows, last)).to.contain('| last run');
  });
});
