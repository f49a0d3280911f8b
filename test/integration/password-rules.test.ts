// Weak passwords (docs/rules/access.md): 12345678 and the username itself are refused wherever a password
// is set — a user created, a password set in an edit, reset by an administrator, changed by its owner — with the
// field named and nothing changed. (ADMIN_PASSWORD at start: start-admin.test.ts.)
import { expect } from 'chai';
import { signIn, signedIn, uniq, TEST_PASSWORD } from '../helpers/factories.ts';
import type { Client, Res } from '../helpers/http.ts';
import { testApp } from '../helpers/test-app.ts';

const API = '/api/v1';

function refusedAt(res: Res, path: string): string {
  expect(res.status, JSON.stringify(res.body)).to.equal(400);
  expect(res.body.error.code).to.equal('VALIDATION_FAILED');
  const detail = (res.body.error.details as { path: string; message: string }[]).find((d) => d.path === path);
  expect(detail, JSON.stringify(res.body.error.details)).to.not.equal(undefined);
  return detail!.message;
}

describe('weak passwords are refused wherever a password is set', () => {
  let admin: Client;

  before(async function () {
    this.timeout(120_000); // the first suite of a run waits for the test service's migrations
    admin = (await signedIn('admin')).api;
  });

  /** A username of three kinds of character, so the username rule (not the kinds) is what refuses it as a password. */
  const mixedName = () => `Zhang.Wei-${uniq('x').replace(/[^A-Za-z0-9]/g, '')}`;

  it('on creation: 12345678 and the username, and no user is stored', async () => {
    const { services } = await testApp();
    for (const weak of ['12345678', 'username']) {
      const username = mixedName();
      const password = weak === 'username' ? username : weak;
      const message = refusedAt(
        await admin.post(`${API}/users`, { username, password, display_name: '张伟', role: 'operator' }),
        'password',
      );
      expect(message, weak).to.match(weak === 'username' ? /用户名/ : /太弱|常见/);
      expect(await services.db('users').where({ username: username.toLowerCase() })).to.have.length(0);
    }
  });

  it(
    'on reset and on an edit by an administrator: 12345678 ' + 'and the username, and the old password still works',
    async () => {
      const { user } = await signedIn('operator');
      for (const password of ['12345678', user.username, user.username.toUpperCase() + '#1a']) {
        refusedAt(await admin.post(`${API}/users/${user.id}/password`, { password }), 'password');
        refusedAt(await admin.patch(`${API}/users/${user.id}`, { password }), 'password');
      }
      expect((await signIn(user.username, TEST_PASSWORD)).token).to.be.a('string');
    },
  );

  it('on a change by its owner: 12345678 and the username, and the old password still works', async () => {
    const { user, api } = await signedIn('handler');
    for (const new_password of ['12345678', `${user.username}#A1`]) {
      refusedAt(await api.post(`${API}/auth/password`, { old_password: TEST_PASSWORD, new_password }), 'new_password');
    }
    expect((await api.get(`${API}/auth/me`)).status).to.equal(200);
    expect((await signIn(user.username, TEST_PASSWORD)).token).to.be.a('string');
  });
});
