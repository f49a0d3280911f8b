import { expect } from 'chai';
import { boardOf, listLength, rank, scoreOf, type Weights } from '../../server/domain/leaderboard/scoring.ts';
import type { Rates } from '../../server/domain/figures/rates.ts';

const weights: Weights = { on_time: 30, satisfaction: 30, sign_timely: 15, completion: 15, no_return: 5, no_redo: 5 };

/** A department whose every rate is v (return and redo 1 − v), so that its score is 100 × v. */
function rates(v: number, over: Partial<Rates> = {}): Rates {
  return {
    received: 10,
    sign_timely_rate: v,
    completion_rate: v,
    on_time_rate: v,
    satisfaction_rate: v,
    rectification_rate: null,
    return_rate: 1 - v,
    redo_rate: 1 - v,
    response_rate: null,
    resolution_rate: null,
    callback_rate: null,
    supervised: 0,
    ...over,
  };
}

/** Departments 1, 2, 3… scoring the given scores, in that order. */
const departments = (scores: number[]) =>
  scores.map((s, i) => ({ department_id: i + 1, name: `部门${i + 1}`, ...rates(s / 100) }));

function lists(scores: number[]) {
  const b = boardOf('区县', departments(scores), { weights, minSample: 5, listSize: 5, minRanked: 3 });
  return {
    red: b.red.map((e) => [e.department_id, e.rank]),
    blue: b.blue.map((e) => [e.department_id, e.rank]),
    board: b,
  };
}

describe('leaderboard scoring', () => {
  describe('scoreOf', () => {
    it('scores 100 × the rates when every rate is known', () => {
      expect(scoreOf(rates(0.8), weights)).to.equal(80);
    });

    it('counts on-time completion as 0 when nothing was replied, so replying to nothing never beats replying', () => {
      // Signed everything on time and replied to nothing; nobody rated it.
      const silent = rates(1, {
        completion_rate: 0,
        on_time_rate: null,
        satisfaction_rate: null,
        return_rate: 0,
        redo_rate: 0,
      });
      // Replied to everything, 30% of it on time, residents 30% satisfied.
      const busy = rates(1, { on_time_rate: 0.3, satisfaction_rate: 0.3, return_rate: 0, redo_rate: 0 });
      // (0×30 + 1×15 + 0×15 + 5 + 5) over the 70 points that remain without satisfaction.
      expect(scoreOf(silent, weights)).to.equal(35.71);
      expect(scoreOf(busy, weights)).to.equal(58);
      expect(scoreOf(silent, weights)).to.be.below(scoreOf(busy, weights));
    });

    it('shares the weight of a missing satisfaction rate among the other terms', () => {
      expect(scoreOf(rates(1, { satisfaction_rate: null }), weights)).to.equal(100);
      expect(scoreOf(rates(0.5, { satisfaction_rate: null }), weights)).to.equal(50);
    });

    it('weighs the response, resolution and callback rates only when configured, a missing one shared', () => {
      const three = { response_rate: 0.5, resolution_rate: 1, callback_rate: 0 };
      // Unweighted (the default), they move nothing.
      expect(scoreOf(rates(0.8, three), weights)).to.equal(80);
      // 100 points of the six, 10 of each: (80 + 5 + 10 + 0) / 130.
      const all = { ...weights, response: 10, resolution: 10, callback: 10 };
      expect(scoreOf(rates(0.8, three), all)).to.equal(73.08);
      // No callback asked "solved?": that term is left out and its weight shared: (80 + 5 + 0) / 120.
      expect(scoreOf(rates(0.8, { ...three, resolution_rate: null }), all)).to.equal(70.83);
    });

    it('scores 0 for a department that received nothing', () => {
      expect(
        scoreOf(
          rates(0, {
            received: 0,
            sign_timely_rate: null,
            completion_rate: null,
            on_time_rate: null,
            satisfaction_rate: null,
            return_rate: null,
            redo_rate: null,
          }),
          weights,
        ),
      ).to.equal(0);
    });
  });

  describe('rank', () => {
    it('gives equal scores a shared rank and skips the next (1, 2, 2, 4)', () => {
      expect(
        rank([{ score: 70 }, { score: 90 }, { score: 80 }, { score: 80 }]).map((e) => [e.score, e.rank]),
      ).to.deep.equal([
        [90, 1],
        [80, 2],
        [80, 2],
        [70, 4],
      ]);
    });
  });

  describe('listLength', () => {
    it('gives each list a fifth of the ranked, rounded, at least 1 and at most 5; none below 3 ranked', () => {
      const rules = { listSize: 5, minRanked: 3 };
      expect([1, 2, 3, 4, 7, 8, 12, 13, 22, 23, 40].map((n) => listLength(n, rules))).to.deep.equal([
        0, 0, 1, 1, 1, 2, 2, 3, 4, 5, 5,
      ]);
    });
  });

  describe('boardOf', () => {
    it('lists the top fifth red and the bottom fifth blue, worst first', () => {
      const { red, blue } = lists([90, 80, 70, 60, 50, 40, 30, 20, 10, 5]);
      expect(red).to.deep.equal([
        [1, 1],
        [2, 2],
      ]);
      expect(blue).to.deep.equal([
        [10, 10],
        [9, 9],
      ]);
    });

    it('gives a group of 3 or 4 ranked departments one red and one blue', () => {
      expect(lists([90, 80, 70])).to.deep.include({ red: [[1, 1]], blue: [[3, 3]] });
      expect(lists([90, 80, 70, 60])).to.deep.include({ red: [[1, 1]], blue: [[4, 4]] });
    });

    it('gives a group of fewer than 3 ranked departments no lists', () => {
      expect(lists([90, 80])).to.deep.include({ red: [], blue: [] });
      expect(lists([90])).to.deep.include({ red: [], blue: [] });
    });

    it('keeps a tie at the red boundary out of the list instead of swelling it', () => {
      // 10 ranked: 2 places. 1st alone is in; the two tied for 2nd would make 3, so both stay out.
      const { red, blue } = lists([90, 80, 80, 70, 60, 50, 40, 30, 20, 10]);
      expect(red).to.deep.equal([[1, 1]]);
      expect(blue).to.deep.equal([
        [10, 10],
        [9, 9],
      ]);
    });

    it('keeps a tie at the blue boundary out of the list', () => {
      const { red, blue } = lists([90, 80, 70, 60, 50, 40, 30, 20, 20, 10]);
      expect(red).to.deep.equal([
        [1, 1],
        [2, 2],
      ]);
      expect(blue).to.deep.equal([[10, 10]]);
    });

    it('keeps ties inside the list: two tied for 1st with two places are both red, sharing rank 1', () => {
      const { red } = lists([90, 90, 70, 60, 50, 40, 30, 20, 15, 10]);
      expect(red).to.deep.equal([
        [1, 1],
        [2, 1],
      ]);
    });

    it('lists nobody when every score is equal', () => {
      expect(lists([75, 75, 75, 75, 75, 75, 75])).to.deep.include({ red: [], blue: [] });
    });

    it('never lists more than 5 a side, however large the group', () => {
      const b = lists(Array.from({ length: 40 }, (_, i) => 100 - i)).board;
      expect([b.red.length, b.blue.length]).to.deep.equal([5, 5]);
    });

    it('leaves departments below the minimum sample unranked and off both lists', () => {
      const all = [...departments([90, 80, 70]), { department_id: 9, name: '部门9', ...rates(0.1, { received: 4 }) }];
      const b = boardOf('区县', all, { weights, minSample: 5, listSize: 5, minRanked: 3 });
      expect(b.unranked.map((d) => d.department_id)).to.deep.equal([9]);
      expect(b.ranked.map((d) => d.department_id)).to.deep.equal([1, 2, 3]);
      expect(b.blue.map((e) => e.department_id)).to.deep.equal([3]);
    });

    it('never overlaps and never exceeds a fifth, whatever the ties (random boards)', () => {
      let seed = 12345;
      const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
      for (let n = 0; n < 300; n++) {
        const size = 1 + Math.floor(next() * 30);
        const scores = Array.from({ length: size }, () => 40 + 10 * Math.floor(next() * 5));
        const { board } = lists(scores);
        const k = listLength(size, { listSize: 5, minRanked: 3 });
        const redIds = new Set(board.red.map((e) => e.department_id));
        expect(
          board.blue.some((e) => redIds.has(e.department_id)),
          String(scores),
        ).to.equal(false);
        expect(board.red.length, String(scores)).to.be.at.most(k);
        expect(board.blue.length, String(scores)).to.be.at.most(k);
        // A listed score has all its ties listed with it (a tie is all in or all out).
        for (const e of [...board.red, ...board.blue]) {
          const list = redIds.has(e.department_id) ? board.red : board.blue;
          expect(list.filter((x) => x.score === e.score).length, String(scores)).to.equal(
            scores.filter((x) => x === e.score).length,
          );
        }
      }
    });
  });
});
