// Root hooks for every suite: each test starts on the real clock; after the last test, the counters behind every
// figure must still agree with a recount from the records, whatever paths the suite drove (returns, appeals,
// device batches, auto-close...); and the shared service stops at the end.
import { clock } from '../../server/lib/clock.ts';
import { stopTestApp, testApp, testAppIfStarted } from './test-app.ts';

export const mochaHooks = {
  // The database suites start the shared service once, before any suite, with time for it: migrating up, all the
  // way down and up again takes most of a minute on a loaded MariaDB, longer than one test's timeout.
  async beforeAll(this: Mocha.Context) {
    if (process.env.TEST_APP_EAGER !== '1') return;
    this.timeout(600_000);
    await testApp();
  },
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
