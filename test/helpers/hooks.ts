// Root hooks for every suite: each test starts on the real clock, and each test FILE runs on a service and database
// of its own, opened before its first suite; after its last test the counters behind every figure must still agree
// with a recount from the file's records, whatever paths it drove (returns, appeals, device batches, auto-close...).
// Mocha runs root hooks once per run (once per file with --parallel), so the hooks of a file are added to its
// top-level suites when the run begins.
import path from 'node:path';
import type { Suite } from 'mocha';
import { clock } from '../../server/lib/clock.ts';
import { beginTestFile, stopTestApp, testApp, testAppIfStarted } from './test-app.ts';
import { dropRunDatabases, prepareTemplate } from './test-databases.ts';

let openFile: string | null = null;

/** The service of the file opened last: its counters checked against a recount, then stopped, its database given up. */
async function closeTestFile(): Promise<void> {
  if (openFile === null) return;
  const file = openFile;
  openFile = null;
  try {
    const app = await testAppIfStarted();
    if (!app) return;
    const diffs = await app.services.figures.verify();
    if (diffs.length) {
      throw new Error(`the counters disagree with a recount after ${file}: ${JSON.stringify(diffs.slice(0, 20))}`);
    }
  } finally {
    await stopTestApp();
  }
}

async function openTestFile(file: string): Promise<void> {
  if (openFile === file) return;
  await closeTestFile();
  openFile = file;
  await beginTestFile(file);
  // A file's first test should not wait for the migrations (most of a minute on a loaded MariaDB) or, in the run of
  // every suite, for its service to start.
  if (process.env.TEST_APP_EAGER === '1') await testApp();
  else if (/[\\/]test[\\/](integration|browser)[\\/]/.test(file)) await prepareTemplate();
}

function frameTestFiles(root: Suite): void {
  const lastOfFile = new Map<string, Suite>();
  for (const suite of root.suites) {
    const file = suite.file ?? '';
    lastOfFile.set(file, suite);
    const name = path.relative(process.cwd(), file);
    // Every top-level suite opens its file (a no-op after the first), so a suite left out by --grep changes nothing.
    suite.beforeAll(`a service and database of its own for ${name}`, async function (this: Mocha.Context) {
      this.timeout(600_000);
      await openTestFile(file);
    });
    // ...and runs before the suite's own `before` hooks, which use the service.
    const hooks = (suite as unknown as { _beforeAll: unknown[] })._beforeAll;
    hooks.unshift(hooks.pop());
  }
  for (const [file, suite] of lastOfFile) {
    const name = path.relative(process.cwd(), file);
    suite.afterAll(`the counters agree with a recount of ${name}'s records`, async function (this: Mocha.Context) {
      this.timeout(120_000);
      await closeTestFile();
    });
  }
}

export const mochaHooks = {
  beforeAll(this: Mocha.Context) {
    frameTestFiles(this.test!.parent!);
  },
  afterEach() {
    clock.reset();
  },
  async afterAll(this: Mocha.Context) {
    this.timeout(120_000);
    await closeTestFile();
  },
};

export async function mochaGlobalTeardown() {
  await stopTestApp();
  await dropRunDatabases();
}
