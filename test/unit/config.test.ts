import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { expect } from 'chai';
import { ConfigError, loadConfig } from '../../config/default.ts';
import { VARIABLES } from '../../config/env.ts';

/** The message loadConfig refuses `source` with. */
function refusal(source: Record<string, string>): string {
  try {
    loadConfig({}, source);
  } catch (err) {
    expect(err).to.be.instanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error(`accepted ${JSON.stringify(source)}`);
}

describe('configuration from the environment', () => {
  it('takes the documented defaults from an empty environment', () => {
    const c = loadConfig({}, {});
    expect(c.port).to.equal(3000);
    expect(c.host).to.equal('127.0.0.1');
    expect(c.dbClient).to.equal('sqlite');
    expect(c.dbFile).to.match(/hotline\.sqlite$/);
    expect(c.demoData).to.equal(undefined);
    expect(c.publicUrl).to.equal('http://127.0.0.1:3000');
    expect(c.logLevel).to.equal('info');
    expect(c.trustProxy).to.equal(false);
    expect(c.jobs.enabled).to.equal(true);
    expect(c.rateLimit).to.include({ publicPerWindow: 60, open311PerWindow: 30, lookupFailures: 5 });
    expect(c.auth).to.include({ maxFailedPerAddress: 30, sessionMaxHours: 12, scryptCost: 16384 });
    expect(c.leaderboard).to.include({ autoPublishDay: 5, autoPublishHour: 18 });
    expect(c.calendar.warnFrom).to.equal('10-01');
    expect(c.departmentGroups).to.deep.equal(['区县', '市直部门', '街道乡镇', '社区村', '公共企事业单位']);
    expect(c.mail.from).to.equal('12345热线 <noreply@12345.example>');
  });

  it('reads good values, an empty one meaning unset', () => {
    const c = loadConfig(
      {},
      {
        PORT: '8080',
        HOST: '0.0.0.0',
        DB_CLIENT: 'mysql',
        DATABASE_URL: 'mysql://u:p@db:3306/hotline',
        DEMO_DATA: '0',
        RATE_LIMIT_PUBLIC: ' 120 ',
        RATE_LIMIT_OPEN311: '10',
        TRUST_PROXY: '1',
        JOBS: '0',
        LOG_LEVEL: 'warn',
        DEPARTMENT_GROUPS: ' 区县, 街道 ,',
        CALENDAR_WARN_FROM: '11-15',
        SCRYPT_COST: '32768',
        LOOKUP_FAILURES: '0',
        RATING_BURST_COUNT: '0',
        LEADERBOARD_AUTO_PUBLISH_DAY: '0',
        PUBLIC_URL: '',
        SUPERVISORS_EMAIL: 'supervisors@12345.example',
        SMTP_URL: 'smtps://mail.example:465',
        ADMIN_USERNAME: 'root',
        ADMIN_PASSWORD: 'Long-enough-9',
      },
    );
    expect(c.port).to.equal(8080);
    expect(c.dbClient).to.equal('mysql');
    expect(c.databaseUrl).to.equal('mysql://u:p@db:3306/hotline');
    expect(c.demoData).to.equal(false);
    expect(c.rateLimit).to.include({ publicPerWindow: 120, open311PerWindow: 10, lookupFailures: 0 });
    expect(c.trustProxy).to.equal(true);
    expect(c.jobs.enabled).to.equal(false);
    expect(c.departmentGroups).to.deep.equal(['区县', '街道']);
    expect(c.auth.scryptCost).to.equal(32768);
    expect(c.ratings.burst.count).to.equal(0);
    expect(c.leaderboard.autoPublishDay).to.equal(0);
    expect(c.publicUrl).to.equal('http://0.0.0.0:8080');
  });

  it('lets overrides (tests, tools) win over the environment', () => {
    const c = loadConfig({ dbClient: 'sqlite', dbFile: ':memory:' }, { DB_CLIENT: 'sqlite', DB_FILE: 'x.sqlite' });
    expect(c.dbFile).to.equal(':memory:');
  });

  const wrong: Array<[Record<string, string>, RegExp]> = [
    [{ DB_CLIENT: 'mariadb' }, /DB_CLIENT must be one of sqlite, mysql \(it is "mariadb"\)/],
    [{ RATE_LIMIT_PUBLIC: 'sixty' }, /RATE_LIMIT_PUBLIC must be a whole number from 1 to 1000000 \(it is "sixty"\)/],
    [{ RATE_LIMIT_PUBLIC: '0' }, /RATE_LIMIT_PUBLIC must be a whole number from 1/],
    [{ PORT: '70000' }, /PORT must be a whole number from 0 to 65535/],
    [{ SESSION_MAX_HOURS: '1.5' }, /SESSION_MAX_HOURS must be a whole number/],
    [{ LEADERBOARD_AUTO_PUBLISH_DAY: '31' }, /LEADERBOARD_AUTO_PUBLISH_DAY must be a whole number from 0 to 28/],
    [{ LEADERBOARD_AUTO_PUBLISH_HOUR: '24' }, /LEADERBOARD_AUTO_PUBLISH_HOUR must be a whole number from 0 to 23/],
    [{ SCRYPT_COST: '20000' }, /SCRYPT_COST must be a power of two/],
    [{ DEMO_DATA: 'yes' }, /DEMO_DATA must be one of 0, 1/],
    [{ TRUST_PROXY: 'true' }, /TRUST_PROXY must be one of 0, 1/],
    [{ LOG_LEVEL: 'verbose' }, /LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent/],
    [{ CALENDAR_WARN_FROM: '13-01' }, /CALENDAR_WARN_FROM must be a day MM-DD/],
    [{ PUBLIC_URL: 'hotline.example' }, /PUBLIC_URL must be a URL/],
    [{ SUPERVISORS_EMAIL: 'supervisors' }, /SUPERVISORS_EMAIL must be an email address/],
    [{ DEPARTMENT_GROUPS: ' , ' }, /DEPARTMENT_GROUPS must be a comma-separated list/],
    [{ DB_CLIENT: 'mysql' }, /DATABASE_URL is required when DB_CLIENT=mysql/],
    [{ ADMIN_USERNAME: 'root' }, /ADMIN_USERNAME and ADMIN_PASSWORD go together/],
  ];
  for (const [source, message] of wrong) {
    it(`refuses ${JSON.stringify(source)} naming the variable`, () => {
      expect(refusal(source)).to.match(message);
    });
  }

  it('names every wrong variable at once and never echoes a secret', () => {
    const message = refusal({ DATABASE_URL: 'postgres://u:hunter2@db/x', SMTP_URL: 'http://u:pw9@mail', JOBS: 'no' });
    expect(message).to.match(/DATABASE_URL must be a URL mysql:/);
    expect(message).to.match(/SMTP_URL must be a URL smtp:/);
    expect(message).to.match(/JOBS must be one of 0, 1/);
    expect(message).not.to.match(/hunter2|pw9/);
  });

  it('documents every variable it reads in docs/configuration.md, and no other', () => {
    const doc = fs.readFileSync(new URL('../../docs/configuration.md', import.meta.url), 'utf8');
    const documented = new Set([...doc.matchAll(/^\| `([A-Z0-9_]+)`/gm)].map((m) => m[1]));
    expect([...documented].sort()).to.deep.equal(Object.keys(VARIABLES).sort());
  });

  it('stops the server at start with the message, exit code 1 and no stack trace', function () {
    this.timeout(60_000);
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      cwd: new URL('../..', import.meta.url),
      encoding: 'utf8',
      timeout: 50_000,
      env: { PATH: process.env.PATH, RATE_LIMIT_PUBLIC: 'sixty', DB_FILE: ':memory:' },
    });
    expect(run.status).to.equal(1);
    expect(run.stderr).to.match(/RATE_LIMIT_PUBLIC must be a whole number from 1 to 1000000 \(it is "sixty"\)/);
    expect(run.stderr).not.to.match(/\n\s+at /);
  });
});
