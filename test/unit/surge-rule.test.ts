// The surge rule's arithmetic (docs/rules/hot-spots.md "The rule"): the exact Poisson tail against a direct sum
// with exact fractions, the control limit's defining property over random means, and the levels.
import { expect } from 'chai';
import fc from 'fast-check';
import {
  alarmingAreas,
  baselineMean,
  controlLimit,
  dispersedLimit,
  dispersionOf,
  limitFor,
  logFactorial,
  logGamma,
  negBinomialUpperTail,
  poissonUpperTail,
} from '../../server/domain/hotspots/surge-rule.ts';
import { runs } from '../helpers/property.ts';

const settings = { alpha: 0.001, minCount: 5, baselineDays: 28, minHistoryDays: 7 };

/** 1 - P(X < k) summed term by term from e^-mu: exact enough for the small means it is used on here. */
function directTail(k: number, mu: number): number {
  let term = Math.exp(-mu);
  let below = 0;
  for (let i = 0; i < k; i++) {
    below += term;
    term *= mu / (i + 1);
  }
  return 1 - below;
}

describe('surge rule', () => {
  it('ln(n!) is exact where summed and continuous where Stirling takes over', () => {
    expect(logFactorial(0)).to.equal(0);
    expect(logFactorial(5)).to.be.closeTo(Math.log(120), 1e-12);
    let sum = 0;
    for (let i = 1; i <= 300; i++) sum += Math.log(i);
    expect(logFactorial(300)).to.be.closeTo(sum, 1e-9);
    expect(logFactorial(256) - logFactorial(255)).to.be.closeTo(Math.log(256), 1e-10);
  });

  it('the Poisson tail agrees with a direct sum for small means, and is known values', () => {
    expect(poissonUpperTail(0, 3)).to.equal(1);
    expect(poissonUpperTail(1, 2)).to.be.closeTo(1 - Math.exp(-2), 1e-15);
    // P(X >= 5 | mu = 1) = 1 - e^-1 (1 + 1 + 1/2 + 1/6 + 1/24) = 0.00365984...
    expect(poissonUpperTail(5, 1)).to.be.closeTo(0.0036598468, 1e-9);
    for (const mu of [0.01, 0.1, 0.5, 1, 2.5, 7, 15, 30])
      for (let k = 0; k < 60; k++) expect(poissonUpperTail(k, mu)).to.be.closeTo(directTail(k, mu), 1e-12);
  });

  it('a large mean (a district on a big city day) neither underflows nor loses the tail', () => {
    const mu = 4000;
    const k = controlLimit(mu, 0.001);
    // About mu + 3.09 sqrt(mu) for a one-sided 0.001 in the normal limit.
    expect(k).to.be.within(4190, 4210);
    expect(poissonUpperTail(k, mu)).to.be.at.most(0.001);
    expect(poissonUpperTail(k - 1, mu)).to.be.above(0.001);
  });

  it('the limit is the smallest count whose tail is at most alpha, and grows with the mean', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1 / 28, max: 500, noNaN: true }),
        fc.constantFrom(0.05, 0.01, 0.001, 0.0001),
        (mu, alpha) => {
          const k = controlLimit(mu, alpha);
          expect(poissonUpperTail(k, mu)).to.be.at.most(alpha);
          if (k > 1) expect(poissonUpperTail(k - 1, mu)).to.be.above(alpha);
          expect(controlLimit(mu * 1.5, alpha)).to.be.at.least(k);
        },
      ),
      runs(200),
    );
  });

  it('the pseudo-order: a pair never seen needs the floor, a busy pair its own limit', () => {
    expect(baselineMean(0, 28)).to.be.closeTo(1 / 28, 1e-12);
    expect(limitFor(0, 28, settings)).to.deep.equal({ mu: 1 / 28, limit: 5 });
    // 2 a day over 28 days: mu = 57/28 = 2.036, P(X >= 8) = 0.00107 > 0.001, P(X >= 9) < 0.001.
    expect(limitFor(56, 28, settings)!.limit).to.equal(9);
    expect(limitFor(10, 6, settings)).to.equal(null);
    expect(limitFor(10, 7, settings)).to.not.equal(null);
  });

  it('the negative binomial tail equals a direct sum of its mass, and nears Poisson as the dispersion nears 1', () => {
    // P(X = 0) = (1/phi)^r, then each term by the ratio (i + r) / (i + 1) * (1 - 1/phi).
    const direct = (k: number, mu: number, phi: number) => {
      const r = mu / (phi - 1);
      let term = Math.pow(1 / phi, r);
      let below = 0;
      for (let i = 0; i < k; i++) {
        below += term;
        term *= ((i + r) / (i + 1)) * (1 - 1 / phi);
      }
      return 1 - below;
    };
    expect(logGamma(10)).to.be.closeTo(logFactorial(9), 1e-12);
    expect(logGamma(0.5)).to.be.closeTo(Math.log(Math.sqrt(Math.PI)), 1e-12);
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }),
        fc.double({ min: 0.05, max: 20, noNaN: true }),
        fc.constantFrom(1.25, 1.5, 2, 3, 4),
        (k, mu, phi) => {
          expect(negBinomialUpperTail(k, mu, phi)).to.be.closeTo(direct(k, mu, phi), 1e-9);
        },
      ),
      runs(200),
    );
    expect(negBinomialUpperTail(10, 3, 1.000001)).to.be.closeTo(poissonUpperTail(10, 3), 1e-8);
  });

  it("the dispersed limit: the smallest k whose tail is at most alpha, never below Poisson's", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 500, noNaN: true }),
        fc.constantFrom(1.25, 2, 4),
        fc.constantFrom(1e-3, 1e-4),
        (mu, phi, alpha) => {
          const k = dispersedLimit(mu, phi, alpha);
          expect(negBinomialUpperTail(k, mu, phi)).to.be.at.most(alpha);
          if (k > 1) expect(negBinomialUpperTail(k - 1, mu, phi)).to.be.above(alpha);
          expect(k).to.be.at.least(controlLimit(mu, alpha));
        },
      ),
      runs(100),
    );
  });

  it("dispersion: a pair's variance over its mean, 1 to the maximum, its busiest day left out by limitFor", () => {
    // Even days are Poisson-like or calmer: 1.
    expect(dispersionOf(28, 28, 28, 4)).to.equal(1);
    // 0, 4, 0, 4, ...: mean 2, variance 4.15: 2 (rounded to a quarter).
    expect(dispersionOf(56, 16 * 14, 28, 4)).to.equal(2);
    expect(dispersionOf(56, 16 * 14, 28, 1)).to.equal(1);
    expect(dispersionOf(100, 10_000, 28, 4)).to.equal(4);
    const s = { alpha: 1e-4, minCount: 8, baselineDays: 28, minHistoryDays: 7, maxDispersion: 4 };
    const spread = (days: number[]) => ({
      squares: days.reduce((a, b) => a + b * b, 0),
      busiest: Math.max(...days),
    });
    const even = Array<number>(28).fill(1);
    // One earlier surge of 12 on a day: left out of the dispersion, the limit stays near the even pair's.
    const surged = [...even.slice(1), 12];
    expect(limitFor(28, 28, s, spread(even))!.limit).to.equal(8);
    expect(limitFor(39, 28, s, spread(surged))!.limit).to.equal(9);
    // A volatile pair (0 to 9 a day) of the same mean as a steady one gets a higher limit.
    const volatile = [0, 5, 0, 1, 7, 0, 0, 2, 9, 0, 1, 0, 6, 0, 3, 0, 0, 8, 1, 0, 0, 4, 0, 2, 0, 0, 5, 1];
    const steady = Array<number>(28).fill(2);
    expect(limitFor(55, 28, s, spread(volatile))!.limit).to.be.above(limitFor(56, 28, s, spread(steady))!.limit);
  });

  it('levels: the community explains its surge; its street and district stay quiet', () => {
    const levels = [
      { area: 1, parent: null, count: 20, limit: 14 },
      { area: 2, parent: 1, count: 15, limit: 9 },
      { area: 3, parent: 2, count: 12, limit: 5 },
    ];
    expect([...alarmingAreas(levels)]).to.deep.equal([3]);
  });

  it('levels: a street alarms on what its alarming community does not explain; warming up never alarms', () => {
    const levels = [
      { area: 1, parent: null, count: 40, limit: 60 },
      { area: 2, parent: 1, count: 30, limit: 9 },
      { area: 3, parent: 2, count: 12, limit: 5 },
      { area: 4, parent: 2, count: 4, limit: 5 },
      { area: 5, parent: 1, count: 9, limit: null },
    ];
    expect([...alarmingAreas(levels)].sort()).to.deep.equal([2, 3]);
    // The district subtracts the street's whole count (its highest alarming area), not the community's again.
    expect(
      [...alarmingAreas([...levels.slice(1), { area: 1, parent: null, count: 44, limit: 14 }])].sort(),
    ).to.deep.equal([1, 2, 3]);
  });
});
