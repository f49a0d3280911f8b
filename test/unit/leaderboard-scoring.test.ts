import { expect } from 'chai';
import { boardOf, rank, scoreOf, type Weights } from '../../server/domain/leaderboard/scoring.ts';
import type { Rates } from '../../server/domain/figures/rates.ts';

const weights: Weights = { on_time: 30, satisfaction: 30, sign_timely: 15, completion: 15, no_return: 5, no_redo: 5 };

/** A department whose every rate is v (return and redo 1 − v), so that its score is 100 × v. */
function rates(v: number, over: Partial<Rates> = {}): Rates {
  return {
    received: 10, sign_timely_rate: v, completion_rate: v, on_time_rate: v, satisfaction_rate: v,
    rectification_rate: null, return_rate: 1 - v, redo_rate: 1 - v, supervised: 0, ...over,
  };
}

/** Departments 1, 2, 3… scoring the given scores, in that order. */
const departments = (scores: number[]) =>
  scores.map((s, i) => ({ department_id: i + 1, name: `部门${i + 1}`, ...rates(s / 100) }));

function lists(scores: number[], listSize = 2) {
  const b = boardOf('区县', departments(scores), { weights, minSample: 5, listSize });
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
      const silent = rates(1, { completion_rate: 0, on_time_rate: null, satisfaction_rate: null, return_rate: 0, redo_rate: 0 });
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

    it('scores 0 for a department that received nothing', () => {
      expect(scoreOf(rates(0, { received: 0, sign_timely_rate: null, completion_rate: null, on_time_rate: null, satisfaction_rate: null, return_rate: null, redo_rate: null }), weights)).to.equal(0);
    });
  });

  describe('rank', () => {
    it('gives equal scores a shared rank and skips the next (1, 2, 2, 4)', () => {
      expect(rank([{ score: 70 }, { score: 90 }, { score: 80 }, { score: 80 }]).map((e) => [e.score, e.rank]))
        .to.deep.equal([[90, 1], [80, 2], [80, 2], [70, 4]]);
    });
  });

  describe('boardOf', () => {
    it('lists the top places red and the bottom places blue, worst first', () => {
      const { red, blue } = lists([90, 80, 70, 60, 50, 40]);
      expect(red).to.deep.equal([[1, 1], [2, 2]]);
      expect(blue).to.deep.equal([[6, 6], [5, 5]]);
    });

    it('brings every department tied at the red boundary onto the red list', () => {
      const { red, blue } = lists([90, 80, 80, 70, 60, 50]);
      expect(red).to.deep.equal([[1, 1], [2, 2], [3, 2]]);
      expect(blue).to.deep.equal([[6, 6], [5, 5]]);
    });

    it('brings every department tied at the blue boundary onto the blue list', () => {
      const { red, blue } = lists([90, 80, 70, 60, 60, 50]);
      expect(red).to.deep.equal([[1, 1], [2, 2]]);
      expect(blue).to.deep.equal([[6, 6], [4, 4], [5, 4]]);
    });

    it('keeps a score off the blue list once it is red, even when the tie leaves no one else', () => {
      const { red, blue } = lists([90, 80, 80, 80]);
      expect(red).to.deep.equal([[1, 1], [2, 2], [3, 2], [4, 2]]);
      expect(blue).to.deep.equal([]);
    });

    it('puts everyone on the red list and no one on the blue when all scores are equal', () => {
      const { red, blue } = lists([75, 75, 75, 75, 75, 75, 75], 5);
      expect(red).to.have.length(7);
      expect(red.every(([, r]) => r === 1)).to.equal(true);
      expect(blue).to.deep.equal([]);
    });

    it('fills the red list first when there are fewer than twice the list size', () => {
      expect(lists([90, 80, 70, 60, 50, 40, 30], 5)).to.deep.include({ red: [[1, 1], [2, 2], [3, 3], [4, 4], [5, 5]], blue: [[7, 7], [6, 6]] });
      expect(lists([90, 80, 70], 5)).to.deep.include({ red: [[1, 1], [2, 2], [3, 3]], blue: [] });
      expect(lists([90, 80, 70, 60, 50, 40], 5)).to.deep.include({ blue: [[6, 6]] });
    });

    it('leaves departments below the minimum sample off both lists', () => {
      const all = [...departments([90, 80, 70]), { department_id: 9, name: '部门9', ...rates(0.1, { received: 4 }) }];
      const b = boardOf('区县', all, { weights, minSample: 5, listSize: 1 });
      expect(b.unranked.map((d) => d.department_id)).to.deep.equal([9]);
      expect(b.blue.map((e) => e.department_id)).to.deep.equal([3]);
    });

    it('never puts a department or a score on both lists, whatever the ties (random boards)', () => {
      let seed = 12345;
      const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
      for (let n = 0; n < 300; n++) {
        const size = 1 + Math.floor(next() * 14);
        const listSize = 1 + Math.floor(next() * 5);
        const scores = Array.from({ length: size }, () => 40 + 10 * Math.floor(next() * 5));
        const { board } = lists(scores, listSize);
        const redIds = new Set(board.red.map((e) => e.department_id));
        const redScores = new Set(board.red.map((e) => e.score));
        expect(board.blue.some((e) => redIds.has(e.department_id) || redScores.has(e.score)), String(scores)).to.equal(false);
        expect(board.red.map((e) => e.department_id).sort(), String(scores))
          .to.deep.equal(board.ranked.filter((e) => e.rank <= listSize).map((e) => e.department_id).sort());
        const rest = board.ranked.filter((e) => !redIds.has(e.department_id));
        // Everyone not red who scores at or below the highest blue score is blue, and the list is at least as
        // long as it can be.
        const top = Math.max(...board.blue.map((e) => e.score));
        expect(board.blue.length, String(scores)).to.equal(rest.filter((e) => e.score <= top).length);
        expect(board.blue.length, String(scores)).to.be.at.least(Math.min(listSize, rest.length));
      }
    });
  });
});
