import { expect } from 'chai';
import { GroupCommit } from '../../server/lib/group-commit.ts';

describe('GroupCommit', () => {
  describe('submit', () => {
    it('writes what arrives together in one batch and answers each caller its own result', async () => {
      const batches: number[][] = [];
      const gc = new GroupCommit<number, string>(async (items) => {
        batches.push(items);
        return items.map((i) => `#${i}`);
      }, 10);
      const answers = await Promise.all([1, 2, 3].map((i) => gc.submit(i)));
      expect(answers).to.deep.equal(['#1', '#2', '#3']);
      expect(batches).to.deep.equal([[1, 2, 3]]);
    });

    it('splits a burst into batches of at most maxBatch', async () => {
      const sizes: number[] = [];
      const gc = new GroupCommit<number, number>(async (items) => {
        sizes.push(items.length);
        return items;
      }, 4);
      const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => gc.submit(i)));
      expect(answers).to.deep.equal([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      expect(sizes).to.deep.equal([4, 4, 2]);
    });

    it('writes the items of a failed batch again one by one, so only the bad one fails', async () => {
      const calls: number[][] = [];
      const gc = new GroupCommit<number, number>(async (items) => {
        calls.push(items);
        if (items.includes(2)) throw new Error('bad item 2');
        return items.map((i) => i * 10);
      }, 10);
      const settled = await Promise.allSettled([1, 2, 3].map((i) => gc.submit(i)));
      expect(settled.map((s) => (s.status === 'fulfilled' ? s.value : (s.reason as Error).message))).to.deep.equal([
        10,
        'bad item 2',
        30,
      ]);
      expect(calls).to.deep.equal([[1, 2, 3], [1], [2], [3]]);
    });

    it('writes up to `lanes` batches at once, and one after another with one lane', async () => {
      for (const lanes of [1, 2]) {
        let open = 0;
        let most = 0;
        const release: Array<() => void> = [];
        const gc = new GroupCommit<number, number>(
          async (items) => {
            most = Math.max(most, ++open);
            await new Promise<void>((r) => release.push(r));
            open--;
            return items;
          },
          10,
          lanes,
        );
        const first = gc.submit(1);
        // The first batch is written (waiting for its release) when the second item arrives.
        while (release.length === 0) await new Promise((r) => setImmediate(r));
        const second = gc.submit(2);
        for (let turns = 0; turns < 5; turns++) await new Promise((r) => setImmediate(r));
        expect(release.length).to.equal(lanes);
        while (release.length) release.shift()!();
        if (lanes === 1) {
          await first;
          while (release.length === 0) await new Promise((r) => setImmediate(r));
          release.shift()!();
        }
        expect(await Promise.all([first, second])).to.deep.equal([1, 2]);
        expect(most).to.equal(lanes);
      }
    });

    it('takes new work after a batch failed', async () => {
      let fail = true;
      const gc = new GroupCommit<number, number>(async (items) => {
        if (fail) throw new Error('down');
        return items;
      }, 10);
      await gc.submit(1).then(
        () => expect.fail('should have failed'),
        (err: Error) => expect(err.message).to.equal('down'),
      );
      fail = false;
      expect(await gc.submit(2)).to.equal(2);
    });
  });
});
