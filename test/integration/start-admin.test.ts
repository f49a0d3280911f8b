// A production-style start (docs/rules/access.md): ADMIN_USERNAME/ADMIN_PASSWORD on an empty SQLite file
// create that administrator and no demo accounts (their password is published), and a weak or half-given
// administrator stops the start with the reason. Each case starts its own empty SQLite file, as `npm start` would.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { loadConfig, type Config } from '../../config/default.ts';
import { createDb } from '../../server/lib/db.ts';
import { createLogger } from '../../server/lib/logger.ts';
import { createServices, type Services } from '../../server/services.ts';
import { bootstrap } from '../../server/bootstrap.ts';
import { DEMO_PASSWORD, demoAccounts } from '../../server/demo/demo-data.ts';

describe('starting with a configured administrator', () => {
  const dirs: string[] = [];
  const opened: Services[] = [];

  function services(over: Partial<Config>): Services {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hotline-start-'));
    dirs.push(dir);
    // demoData undefined: the default of an empty SQLite file, which loads the demo unless an administrator is set.
    const config = loadConfig({
      dbClient: 'sqlite',
      dbFile: path.join(dir, 'hotline.sqlite'),
      databaseUrl: undefined,
      demoData: undefined,
      logLevel: 'silent',
      ...over,
      auth: {
        maxFailedLogins: 5,
        lockMinutes: 15,
        maxFailedPerAddress: 30,
        idleMinutes: 30,
        sessionMaxHours: 12,
        scryptCost: 1024,
      },
    });
    const s = createServices({ db: createDb(config), config, logger: createLogger(config.logLevel) });
    opened.push(s);
    return s;
  }

  after(async () => {
    for (const s of opened) await s.db.destroy();
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('creates that administrator alone on an empty SQLite file: no demo account, no demo data', async () => {
    const s = services({ adminUsername: 'Chief.Admin', adminPassword: 'Harbour#Lights-2031' });
    const { demoLoaded } = await bootstrap(s);
    expect(demoLoaded).to.equal(false);
    const users = await s.db('users').select('username', 'role');
    expect(users).to.deep.equal([{ username: 'chief.admin', role: 'admin' }]);
    expect(Number((await s.db('tickets').count({ n: '*' }))[0].n)).to.equal(0);
    const { token } = await s.auth.login('chief.admin', 'Harbour#Lights-2031');
    expect(token).to.be.a('string');
    // No demo name answers with the published password.
    for (const name of demoAccounts()
      .map((a) => a.username)
      .slice(0, 3)) {
      try {
        await s.auth.login(name, DEMO_PASSWORD, '127.0.0.9');
        expect.fail(`${name} signed in`);
      } catch (err) {
        expect((err as { status?: number }).status, name).to.equal(401);
      }
    }
  });

  it('loads no demo data beside a configured administrator even when DEMO_DATA=1 asks for it', async () => {
    const s = services({ adminUsername: 'chief', adminPassword: 'Harbour#Lights-2031', demoData: true });
    expect((await bootstrap(s)).demoLoaded).to.equal(false);
    expect(await s.db('users').pluck('username')).to.deep.equal(['chief']);
  });

  for (const [why, over, says] of [
    [
      'a common password',
      { adminUsername: 'chief', adminPassword: '12345678' },
      /ADMIN_PASSWORD: .*(密码太弱|常见密码)/,
    ],
    [
      'the username in the password',
      { adminUsername: 'chief', adminPassword: 'Chief#2031x' },
      /ADMIN_PASSWORD: 密码不能包含用户名/,
    ],
    [
      'a password without its username',
      { adminPassword: 'Harbour#Lights-2031' },
      /ADMIN_USERNAME and ADMIN_PASSWORD go together/,
    ],
  ] as const) {
    it(`refuses to start with ${why}, saying why, and creates nobody`, async () => {
      const s = services(over);
      let refused: Error | null = null;
      try {
        await bootstrap(s);
      } catch (err) {
        refused = err as Error;
      }
      expect(refused?.message).to.match(says);
      expect(await s.db('users').count({ n: '*' }).first()).to.deep.include({ n: 0 });
    });
  }
});
