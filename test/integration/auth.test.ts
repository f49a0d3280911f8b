// Sessions (docs/rules/access.md): login, cookie and Bearer sessions, lockout after 5 failures for
// 15 minutes from the address that failed (the owner elsewhere still signs in), an address refused after too many
// failures, unknown usernames answered alike, 30 minutes idle and 12 hours absolute expiry, logout, deactivated users,
// and validation of the login body.
import { expect } from 'chai';
import type { Role } from '../../server/domain/users/actor.ts';
import type { User } from '../../server/domain/users/users.repository.ts';
import { clock } from '../../server/lib/clock.ts';
import { signedIn, TEST_PASSWORD, uniq } from '../helpers/factories.ts';
import { Client, type Res } from '../helpers/http.ts';
import { testApp } from '../helpers/test-app.ts';
import * as sessionPurge from '../../jobs/session-purge.job.ts';
import nodeCrypto from 'node:crypto';
import { syncBuiltinESMExports } from 'node:module';
import { postFrom } from '../helpers/from-address.ts';

const MINUTE = 60_000;
const COOKIE = 'hotline_session';

describe('Sessions', () => {
  let anon: Client;

  before(async function () {
    this.timeout(120_000); // the first suite of a run waits for the test service's migrations (slow on MariaDB)
    anon = new Client((await testApp()).baseUrl);
  });

  /** A fresh user (password TEST_PASSWORD) that has not signed in yet. */
  async function makeUser(role: Role = 'operator'): Promise<User> {
    const { services } = await testApp();
    const department_id =
      role === 'handler' ? (await services.departments.create({ name: uniq('部门'), group: '区县' })).id : null;
    return services.users.create({
      username: uniq('u'),
      password: TEST_PASSWORD,
      display_name: uniq('用户'),
      role,
      department_id,
    });
  }

  const login = (username: string, password = TEST_PASSWORD) => anon.post('/api/v1/auth/login', { username, password });
  const me = (token: string) => anon.withToken(token).get('/api/v1/auth/me');
  const meByCookie = (token: string) => anon.get('/api/v1/auth/me', { cookie: `${COOKIE}=${token}` });

  function sessionCookie(res: Res): string | undefined {
    return res.headers.getSetCookie().find((c) => c.startsWith(`${COOKIE}=`));
  }

  /** The failure count of an account from one address (login_throttles). */
  async function pairRow(username: string, address: string) {
    const { services } = await testApp();
    const row = await services
      .db('login_throttles')
      .where({ key: `p:${username}|${address}` })
      .first();
    return row
      ? { failures: Number(row.failures), locked_until: row.locked_until }
      : { failures: 0, locked_until: null };
  }

  async function failedLogins(username: string): Promise<number> {
    return (await pairRow(username, '127.0.0.1')).failures;
  }

  function expectError(res: Res, status: number, code: string) {
    expect(res.status, JSON.stringify(res.body)).to.equal(status);
    expect(res.body.error.code).to.equal(code);
    expect(res.body.error.message).to.be.a('string').and.not.empty;
  }

  describe('POST /auth/login', () => {
    it('answers a token and the user without any secret', async () => {
      const user = await makeUser('handler');
      const res = await login(user.username);
      expect(res.status).to.equal(200);
      expect(res.body.token).to.be.a('string').with.length.greaterThan(20);
      expect(res.body.user).to.include({
        id: user.id,
        username: user.username,
        role: 'handler',
        department_id: user.department_id,
      });
      expect(res.body.user).to.not.have.any.keys('password', 'password_hash', 'failed_logins', 'locked_until');
    });

    it('sets an HttpOnly session cookie carrying the same token', async () => {
      const user = await makeUser();
      const res = await login(user.username);
      const cookie = sessionCookie(res);
      expect(cookie, 'set-cookie header').to.be.a('string');
      expect(cookie!.split(';')[0]).to.equal(`${COOKIE}=${res.body.token}`);
      expect(cookie!.toLowerCase()).to.match(/;\s*httponly/);
      expect(cookie!.toLowerCase()).to.match(/;\s*path=\//);
    });

    it('issues a different token for each sign-in', async () => {
      const user = await makeUser();
      const a = await login(user.username);
      const b = await login(user.username);
      expect(a.body.token).to.not.equal(b.body.token);
      expect((await me(a.body.token)).status).to.equal(200);
      expect((await me(b.body.token)).status).to.equal(200);
    });

    it('refuses a wrong password with 401 UNAUTHENTICATED and sets no cookie', async () => {
      const user = await makeUser();
      const res = await login(user.username, 'wrong-password');
      expectError(res, 401, 'UNAUTHENTICATED');
      expect(res.body).to.not.have.property('token');
      expect(sessionCookie(res)).to.equal(undefined);
      expect(await failedLogins(user.username)).to.equal(1);
    });

    it('refuses an unknown user with the same 401 as a wrong password', async () => {
      const known = await makeUser();
      const unknown = await login(uniq('nobody'));
      const wrong = await login(known.username, 'wrong-password');
      expectError(unknown, 401, 'UNAUTHENTICATED');
      // Nothing tells an attacker whether the username exists.
      expect(unknown.body.error.message).to.equal(wrong.body.error.message);
    });

    it('matches usernames alike on every database: case and surrounding spaces do not matter', async () => {
      const user = await makeUser();
      expect((await login(` ${user.username.toUpperCase()} `)).status).to.equal(200);
    });
  });

  describe('session transport', () => {
    it('accepts the cookie alone', async () => {
      const user = await makeUser();
      const { token } = (await login(user.username)).body;
      const res = await meByCookie(token);
      expect(res.status).to.equal(200);
      expect(res.body).to.include({ id: user.id, username: user.username });
    });

    it('accepts Authorization: Bearer', async () => {
      const user = await makeUser('supervisor');
      const { token } = (await login(user.username)).body;
      const res = await me(token);
      expect(res.status).to.equal(200);
      expect(res.body).to.include({ id: user.id, role: 'supervisor' });
      expect(res.body).to.not.have.any.keys('password_hash', 'failed_logins', 'locked_until');
    });

    it('refuses a request without a session with 401', async () => {
      expectError(await anon.get('/api/v1/auth/me'), 401, 'UNAUTHENTICATED');
    });

    it('refuses an unknown token, by Bearer or by cookie, with 401', async () => {
      expectError(await me('not-a-real-token'), 401, 'UNAUTHENTICATED');
      expectError(await meByCookie('not-a-real-token'), 401, 'UNAUTHENTICATED');
    });

    it('never accepts the stored token hash in place of the token', async () => {
      const user = await makeUser();
      await login(user.username);
      const { services } = await testApp();
      const row = await services.db('sessions').where({ user_id: user.id }).first();
      expect(row.token_hash).to.match(/^[0-9a-f]{64}$/);
      expectError(await me(row.token_hash), 401, 'UNAUTHENTICATED');
    });
  });

  describe('lockout (an account from one address)', () => {
    it('locks the account on the 5th consecutive failure with 423 ACCOUNT_LOCKED', async () => {
      clock.set('2026-11-20T10:00:30+08:00');
      const user = await makeUser();
      for (let i = 1; i <= 4; i++) expectError(await login(user.username, `wrong-${i}`), 401, 'UNAUTHENTICATED');
      const locked = await login(user.username, 'wrong-5');
      expectError(locked, 423, 'ACCOUNT_LOCKED');
      // Says until when, in Beijing time: 15 minutes from now.
      expect(locked.body.error.message).to.include(`请于北京时间 ${'2026年11月20日 10:15'} 后再试`);
    });

    it('checks at most 5 passwords of guesses sent all at once, then refuses the right one too', async () => {
      const user = await makeUser();
      const guesses = await Promise.all(Array.from({ length: 20 }, (_, i) => login(user.username, `wrong-${i}`)));
      const row = await pairRow(user.username, '127.0.0.1');
      // Each checked password counts as a failure before it is checked: 5 were checked, the other 15 refused unchecked.
      expect(row.failures).to.equal(5);
      expect(row.locked_until).to.not.equal(null);
      expect(guesses.filter((r) => r.status === 401).length).to.be.at.most(4);
      expect(guesses.filter((r) => r.status === 423).length).to.be.at.least(16);
      expectError(await login(user.username), 423, 'ACCOUNT_LOCKED');
    });

    it('refuses even the right password while locked', async () => {
      const user = await makeUser();
      for (let i = 1; i <= 5; i++) await login(user.username, `wrong-${i}`);
      const res = await login(user.username);
      expectError(res, 423, 'ACCOUNT_LOCKED');
      expect(res.body).to.not.have.property('token');
      expect(sessionCookie(res)).to.equal(undefined);
    });

    it('keeps answering 423 to further wrong passwords during the lock', async () => {
      const user = await makeUser();
      for (let i = 1; i <= 5; i++) await login(user.username, `wrong-${i}`);
      expectError(await login(user.username, 'wrong-6'), 423, 'ACCOUNT_LOCKED');
      expectError(await login(user.username, 'wrong-7'), 423, 'ACCOUNT_LOCKED');
    });

    it('stays locked at 14:59 and unlocks 15 minutes after the 5th failure', async () => {
      clock.set('2030-05-06T02:00:00.000Z');
      const user = await makeUser();
      for (let i = 1; i <= 5; i++) await login(user.username, `wrong-${i}`);
      clock.advance(15 * MINUTE - 1000);
      expectError(await login(user.username), 423, 'ACCOUNT_LOCKED');
      clock.advance(1000);
      const res = await login(user.username);
      expect(res.status, JSON.stringify(res.body)).to.equal(200);
      expect((await me(res.body.token)).status).to.equal(200);
      expect(await failedLogins(user.username)).to.equal(0);
    });

    it('starts a fresh count after the lock has expired', async () => {
      clock.set('2030-05-06T02:00:00.000Z');
      const user = await makeUser();
      for (let i = 1; i <= 5; i++) await login(user.username, `wrong-${i}`);
      clock.advance(16 * MINUTE);
      // One wrong password after the lock is an ordinary failure, not a new lock.
      expectError(await login(user.username, 'wrong-again'), 401, 'UNAUTHENTICATED');
      expect(await failedLogins(user.username)).to.equal(1);
      expect((await login(user.username)).status).to.equal(200);
    });

    it('resets the count on a successful login', async () => {
      const user = await makeUser();
      for (let i = 1; i <= 4; i++) await login(user.username, `wrong-${i}`);
      expect((await login(user.username)).status).to.equal(200);
      for (let i = 1; i <= 4; i++) expectError(await login(user.username, `wrong-${i}`), 401, 'UNAUTHENTICATED');
      expectError(await login(user.username, 'wrong-5'), 423, 'ACCOUNT_LOCKED');
    });

    it('locks only the account that failed', async () => {
      const victim = await makeUser();
      const other = await makeUser();
      for (let i = 1; i <= 5; i++) await login(victim.username, `wrong-${i}`);
      expect((await login(other.username)).status).to.equal(200);
    });

    it('lets an existing session go on while the account is locked', async () => {
      const user = await makeUser();
      const { token } = (await login(user.username)).body;
      for (let i = 1; i <= 5; i++) await login(user.username, `wrong-${i}`);
      expect((await me(token)).status).to.equal(200);
    });

    it('is lifted by an administrator setting a new password', async () => {
      const user = await makeUser();
      const admin = await signedIn('admin');
      for (let i = 1; i <= 5; i++) await login(user.username, `wrong-${i}`);
      const res = await admin.api.patch(`/api/v1/users/${user.id}`, { password: 'a-new-Passw0rd' });
      expect(res.status).to.equal(200);
      expect((await login(user.username, 'a-new-Passw0rd')).status).to.equal(200);
      expectError(await login(user.username, TEST_PASSWORD), 401, 'UNAUTHENTICATED');
    });
  });

  describe('a stranger cannot lock the owner out, nor tell accounts apart', () => {
    const fromStranger = (address: string, username: string, password = TEST_PASSWORD) =>
      postFrom(address, anon.baseUrl, '/api/v1/auth/login', { username, password });

    it(
      'lets the owner sign in from their address while ' + "a stranger's address is locked out of the account",
      async () => {
        clock.set('2030-05-08T02:00:00.000Z');
        const admin = await makeUser('admin');
        for (let i = 1; i <= 4; i++)
          expectError(await fromStranger('127.0.0.2', admin.username, `wrong-${i}`), 401, 'UNAUTHENTICATED');
        expectError(await fromStranger('127.0.0.2', admin.username, 'wrong-5'), 423, 'ACCOUNT_LOCKED');
        // The stranger, even with the right password, stays locked out from their address...
        expectError(await fromStranger('127.0.0.2', admin.username), 423, 'ACCOUNT_LOCKED');
        // ...the owner from theirs signs in, again and again.
        for (let i = 0; i < 3; i++)
          expect((await login(admin.username)).status, `owner's sign-in ${i + 1}`).to.equal(200);
        // Repeating the attack after the lock changes nothing for the owner.
        clock.advance(16 * MINUTE);
        for (let i = 1; i <= 5; i++) await fromStranger('127.0.0.2', admin.username, `again-${i}`);
        expect((await login(admin.username)).status).to.equal(200);
      },
    );

    it('answers an unknown username exactly as a known one, up to and through the lock', async () => {
      clock.set('2030-05-08T03:00:00.000Z');
      const known = await makeUser();
      const answers = async (username: string) => {
        const out: string[] = [];
        for (let i = 1; i <= 7; i++) {
          const res = await fromStranger('127.0.0.5', username, `wrong-${i}`);
          out.push(`${res.status} ${res.body.error.code} ${res.body.error.message}`);
        }
        return out;
      };
      const forKnown = await answers(known.username);
      const forUnknown = await answers(uniq('nobody'));
      expect(forKnown.slice(3, 5).map((a) => a.slice(0, 3))).to.deep.equal(['401', '423']);
      expect(forUnknown).to.deep.equal(forKnown);
    });

    it("checks an unknown username's password with the KDF, as for a known one", async () => {
      const known = await makeUser();
      await login(uniq('warm'), 'wrong-0'); // the dummy hash is made once, on first need
      const calls = async (username: string) => {
        let n = 0;
        const original = nodeCrypto.scrypt;
        (nodeCrypto as { scrypt: unknown }).scrypt = (...args: Parameters<typeof original>) => {
          n += 1;
          return original(...args);
        };
        syncBuiltinESMExports();
        try {
          expectError(await login(username, 'wrong-password'), 401, 'UNAUTHENTICATED');
        } finally {
          (nodeCrypto as { scrypt: unknown }).scrypt = original;
          syncBuiltinESMExports();
        }
        return n;
      };
      expect(await calls(known.username)).to.equal(1);
      expect(await calls(uniq('nobody'))).to.equal(1);
    });

    it('refuses an address that failed too often over any usernames with 429, and no other address', async () => {
      clock.set('2030-05-09T02:00:00.000Z');
      const { services } = await testApp();
      const user = await makeUser();
      const before = services.config.auth.maxFailedPerAddress;
      services.config.auth.maxFailedPerAddress = 3;
      try {
        await fromStranger('127.0.0.3', user.username, 'wrong-1');
        await fromStranger('127.0.0.3', uniq('nobody'), 'wrong-2');
        await fromStranger('127.0.0.3', uniq('nobody'), 'wrong-3');
        const refused = await fromStranger('127.0.0.3', user.username);
        expectError(refused, 429, 'RATE_LIMITED');
        expect(refused.body.error.message).to.include('北京时间 2030年5月9日 10:15');
        // The account itself is not locked: from another address it signs in.
        expect((await login(user.username)).status).to.equal(200);
        clock.advance(15 * MINUTE);
        expect((await fromStranger('127.0.0.3', user.username)).status).to.equal(200);
      } finally {
        services.config.auth.maxFailedPerAddress = before;
      }
    });

    it('does not count successful sign-ins against the address', async () => {
      clock.set('2030-05-09T04:00:00.000Z');
      const { services } = await testApp();
      const user = await makeUser();
      const before = services.config.auth.maxFailedPerAddress;
      services.config.auth.maxFailedPerAddress = 2;
      try {
        for (let i = 0; i < 5; i++)
          expect((await fromStranger('127.0.0.4', user.username)).status, `sign-in ${i + 1}`).to.equal(200);
      } finally {
        services.config.auth.maxFailedPerAddress = before;
      }
    });
  });

  describe('idle expiry', () => {
    it('keeps a session used within 30 minutes alive, activity after activity', async () => {
      clock.set('2030-05-06T02:00:00.000Z');
      const user = await makeUser();
      const { token } = (await login(user.username)).body;
      // Three gaps of 29 minutes: 87 minutes in all, never 30 idle.
      for (let i = 0; i < 3; i++) {
        clock.advance(29 * MINUTE);
        expect((await me(token)).status, `after gap ${i + 1}`).to.equal(200);
      }
    });

    it('still accepts a session idle exactly 30 minutes', async () => {
      clock.set('2030-05-06T02:00:00.000Z');
      const user = await makeUser();
      const { token } = (await login(user.username)).body;
      clock.advance(30 * MINUTE);
      expect((await me(token)).status).to.equal(200);
    });

    it('answers 401 once a session has been idle more than 30 minutes', async () => {
      clock.set('2030-05-06T02:00:00.000Z');
      const user = await makeUser();
      const { token } = (await login(user.username)).body;
      clock.advance(30 * MINUTE + 1000);
      expectError(await me(token), 401, 'UNAUTHENTICATED');
      expectError(await meByCookie(token), 401, 'UNAUTHENTICATED');
    });

    it('ends the expired session for good, even if the clock comes back', async () => {
      clock.set('2030-05-06T02:00:00.000Z');
      const user = await makeUser();
      const { token } = (await login(user.username)).body;
      clock.advance(31 * MINUTE);
      expect((await me(token)).status).to.equal(401);
      clock.set('2030-05-06T02:00:00.000Z');
      expect((await me(token)).status).to.equal(401);
      // Signing in again works.
      expect((await login(user.username)).status).to.equal(200);
    });

    it('deletes sessions idle past the limit in the session-purge job, keeping the ones still in use', async () => {
      clock.set('2030-05-07T02:00:00.000Z');
      const { services } = await testApp();
      const idle = await makeUser();
      const active = await makeUser();
      await login(idle.username);
      clock.advance(10 * MINUTE);
      const { token } = (await login(active.username)).body;
      clock.advance(25 * MINUTE); // idle: 35 minutes; active: 25
      const count = async (userId: number) =>
        Number((await services.db('sessions').where({ user_id: userId }).count({ n: '*' }))[0].n);
      await sessionPurge.run({ services, now: clock.now(), signal: new AbortController().signal });
      expect([await count(idle.id), await count(active.id)]).to.deep.equal([0, 1]);
      expect((await me(token)).status).to.equal(200);
    });

    it('ends a session 12 hours after its sign-in however busy, and the purge job deletes it', async () => {
      clock.set('2030-05-10T00:00:00.000Z');
      const { services } = await testApp();
      const user = await makeUser();
      const { token } = (await login(user.username)).body;
      // Used every 29 minutes: never idle, 11 h 36 min in all.
      for (let i = 0; i < 24; i++) {
        clock.advance(29 * MINUTE);
        expect((await me(token)).status, `after ${(i + 1) * 29} minutes`).to.equal(200);
      }
      clock.set('2030-05-10T12:00:00.000Z');
      expect((await me(token)).status, 'at exactly 12 hours').to.equal(200);
      const younger = (await login(user.username)).body.token;
      clock.advance(1000);
      expectError(await me(token), 401, 'UNAUTHENTICATED');
      const left = await services.db('sessions').where({ user_id: user.id });
      expect(left).to.have.length(1);
      // The purge job too: the younger session, kept busy, goes 12 hours on though it was used 25 minutes ago.
      for (let i = 0; i < 24; i++) {
        clock.advance(29 * MINUTE);
        expect((await me(younger)).status).to.equal(200);
      }
      clock.set('2030-05-11T00:01:00.000Z');
      await sessionPurge.run({ services, now: clock.now(), signal: new AbortController().signal });
      expect(await services.db('sessions').where({ user_id: user.id })).to.have.length(0);
    });

    it('counts idle time from the last use, not from the sign-in', async () => {
      clock.set('2030-05-06T02:00:00.000Z');
      const user = await makeUser();
      const { token } = (await login(user.username)).body;
      clock.advance(20 * MINUTE);
      expect((await me(token)).status).to.equal(200);
      clock.advance(20 * MINUTE); // 40 minutes after sign-in, 20 after last use
      expect((await me(token)).status).to.equal(200);
      clock.advance(31 * MINUTE);
      expect((await me(token)).status).to.equal(401);
    });
  });

  describe('POST /auth/logout', () => {
    it('ends a Bearer session and clears the cookie', async () => {
      const user = await makeUser();
      const { token } = (await login(user.username)).body;
      const res = await anon.withToken(token).post('/api/v1/auth/logout');
      expect(res.status).to.equal(204);
      const cleared = sessionCookie(res);
      expect(cleared, 'set-cookie clearing the session').to.be.a('string');
      expect(cleared!.split(';')[0]).to.equal(`${COOKIE}=`);
      expect(cleared!.toLowerCase()).to.include('expires=thu, 01 jan 1970');
      expectError(await me(token), 401, 'UNAUTHENTICATED');
      expectError(await meByCookie(token), 401, 'UNAUTHENTICATED');
    });

    it("ends a cookie session (sent from the service's own page)", async () => {
      const user = await makeUser();
      const { token } = (await login(user.username)).body;
      const res = await anon.post('/api/v1/auth/logout', {}, { cookie: `${COOKIE}=${token}`, origin: anon.baseUrl });
      expect(res.status).to.equal(204);
      expect((await meByCookie(token)).status).to.equal(401);
    });

    it('ends only that session, not the user’s other sessions', async () => {
      const user = await makeUser();
      const a = (await login(user.username)).body.token;
      const b = (await login(user.username)).body.token;
      await anon.withToken(a).post('/api/v1/auth/logout');
      expect((await me(a)).status).to.equal(401);
      expect((await me(b)).status).to.equal(200);
    });

    it('removes the session row', async () => {
      const user = await makeUser();
      const { token } = (await login(user.username)).body;
      await anon.withToken(token).post('/api/v1/auth/logout');
      const { services } = await testApp();
      expect(await services.db('sessions').where({ user_id: user.id })).to.have.length(0);
    });
  });

  describe('deactivated users', () => {
    it('refuses the sign-in of a user an administrator deactivated', async () => {
      const user = await makeUser();
      const admin = await signedIn('admin');
      const res = await admin.api.patch(`/api/v1/users/${user.id}`, { active: false });
      expect(res.status).to.equal(200);
      expect(res.body.active).to.equal(false);
      expectError(await login(user.username), 401, 'UNAUTHENTICATED');
    });

    it('ends the sessions the user already had, even one used a moment before', async () => {
      const user = await makeUser();
      const { token } = (await login(user.username)).body;
      // The call just made is remembered by the instance for a second (recent-sessions.ts): the change still wins.
      expect((await me(token)).status).to.equal(200);
      const admin = await signedIn('admin');
      await admin.api.patch(`/api/v1/users/${user.id}`, { active: false });
      expectError(await me(token), 401, 'UNAUTHENTICATED');
    });

    it('applies a new role at the next call, not a second later', async () => {
      const user = await makeUser();
      const { token } = (await login(user.username)).body;
      expect((await me(token)).body.role).to.equal('operator');
      const admin = await signedIn('admin');
      expect((await admin.api.patch(`/api/v1/users/${user.id}`, { role: 'supervisor' })).status).to.equal(200);
      expect((await me(token)).body.role).to.equal('supervisor');
    });

    it('deletes the sessions, so reactivating the user brings none of them back', async () => {
      const user = await makeUser();
      const { token } = (await login(user.username)).body;
      const admin = await signedIn('admin');
      await admin.api.patch(`/api/v1/users/${user.id}`, { active: false });
      const { services } = await testApp();
      expect(await services.db('sessions').where({ user_id: user.id })).to.have.length(0);
      await admin.api.patch(`/api/v1/users/${user.id}`, { active: true });
      expectError(await me(token), 401, 'UNAUTHENTICATED');
    });

    it('ends the sessions when an administrator resets the password', async () => {
      const user = await makeUser();
      const { token } = (await login(user.username)).body;
      const admin = await signedIn('admin');
      expect(
        (await admin.api.post(`/api/v1/users/${user.id}/password`, { password: 'Reset#2030-ok' })).status,
      ).to.equal(200);
      expectError(await me(token), 401, 'UNAUTHENTICATED');
      expect((await login(user.username, 'Reset#2030-ok')).status).to.equal(200);
    });

    it('lets the user in again once reactivated', async () => {
      const user = await makeUser();
      const admin = await signedIn('admin');
      await admin.api.patch(`/api/v1/users/${user.id}`, { active: false });
      expect((await login(user.username)).status).to.equal(401);
      expect((await admin.api.patch(`/api/v1/users/${user.id}`, { active: true })).status).to.equal(200);
      expect((await login(user.username)).status).to.equal(200);
    });
  });

  describe('login body validation', () => {
    function paths(res: Res): string[] {
      expect(res.status, JSON.stringify(res.body)).to.equal(400);
      expect(res.body.error.code).to.equal('VALIDATION_FAILED');
      for (const d of res.body.error.details) expect(d.message).to.be.a('string').and.not.empty;
      return res.body.error.details.map((d: { path: string }) => d.path).sort();
    }

    it('reports both missing fields', async () => {
      expect(paths(await anon.post('/api/v1/auth/login', {}))).to.deep.equal(['password', 'username']);
    });

    it('reports a single missing field', async () => {
      expect(paths(await anon.post('/api/v1/auth/login', { username: 'someone' }))).to.deep.equal(['password']);
    });

    it('reports each unknown field by its name', async () => {
      const res = await anon.post('/api/v1/auth/login', {
        username: 'a',
        password: 'b',
        remember_me: true,
        role: 'admin',
      });
      expect(paths(res)).to.deep.equal(['remember_me', 'role']);
    });

    it('reports wrong types', async () => {
      expect(paths(await anon.post('/api/v1/auth/login', { username: 42, password: true }))).to.deep.equal([
        'password',
        'username',
      ]);
    });

    it('reports empty strings', async () => {
      expect(paths(await anon.post('/api/v1/auth/login', { username: '', password: '' }))).to.deep.equal([
        'password',
        'username',
      ]);
    });

    it('reports a body that is not an object', async () => {
      expect(paths(await anon.post('/api/v1/auth/login', '["admin", "secret"]'))).to.deep.equal(['']);
    });

    it('refuses malformed JSON with 400 VALIDATION_FAILED', async () => {
      const res = await anon.post('/api/v1/auth/login', '{"username": "a", ');
      expect(res.status).to.equal(400);
      expect(res.body.error.code).to.equal('VALIDATION_FAILED');
    });

    it('neither signs in nor counts a failure for an invalid body', async () => {
      const user = await makeUser();
      const res = await anon.post('/api/v1/auth/login', { username: user.username, password: TEST_PASSWORD, extra: 1 });
      expect(res.status).to.equal(400);
      expect(res.body).to.not.have.property('token');
      expect(sessionCookie(res)).to.equal(undefined);
      expect(await failedLogins(user.username)).to.equal(0);
      const { services } = await testApp();
      expect(await services.db('sessions').where({ user_id: user.id })).to.have.length(0);
    });
  });
});
