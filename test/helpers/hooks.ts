// Root hooks for every suite: each test starts on the real clock, and the shared service stops at the end.
import { clock } from '../../server/lib/clock.ts';
import { stopTestApp } from './test-app.ts';

export const mochaHooks = {
  afterEach() {
    clock.reset();
  },
};

export async function mochaGlobalTeardown() {
  await stopTestApp();
}
