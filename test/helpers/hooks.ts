// Root hooks for every suite: each test starts on the real clock; after the last test, the counters behind every
// figure must still agree with a recount from the records, whatever paths the suite drove (returns, appeals,
// device batches, auto-close...); and the shared service stops at the end.
import { clock } from '../../server/lib/clock.ts';
import { stopTestApp, testAppIfStarted } from './test-app.ts';

export const mochaHooks = {
  afterEach() {
    clock.reset();
  },
  async afterAll(this: Mocha.Context) {
    this.timeout(120_000);
    const app = await testAppIfStarted();
    if (!app) return;
    const diffs = await app.services.figures.verify();
    if (diffs.length) throw new Error(`the counters disagree with a recount after the suite: ${JSON.stringify(diffs.slice(0, 20))}`);
  },
};

export async function mochaGlobalTeardown() {
  await stopTestApp();
}
