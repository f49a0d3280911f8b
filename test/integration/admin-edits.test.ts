// Departments and users edited by an administrator, groups from the configured list, and passwords: reset by an
// administrator, changed by their owner (old password required, weak ones refused, other sessions ended).
import { expect } from 'chai';
import { makeDepartment, signIn, signedIn, uniq, TEST_PASSWORD } from '../helpers/factories.ts';
import { Client, type Res } from '../helpers/http.ts';
import { testApp } from '../helpers/test-app.ts';

const API = '/api/v1';

function invalidPaths(res: Res): string[] {
  expect(res.status, JSON.stringify(res.body)).to.equal(400);
  expect(res.body.error.code).to.equal('VALIDATION_FAILED');
  return (res.body.error.details as { path: string }[]).map((d) => d.path).sort();
}

async function anon() {
  return new Client((await testApp()).baseUrl);
}

describe('administration edits and passwords', () => {
  let admin: Client;

  before(async function () {
    this.timeout(120_000); // the first suite of a run waits for the test service's migrations (slow on MariaDB)
    admin = (await signedIn('admin')).api;
  });

  describe('department groups', () => {
    it('lists the configured groups to everyone signed in', async () => {
      const { services } = await testApp();
      const res = await (await signedIn('operator')).api.get(`${API}/departments/groups`);
      expect(res.status).to.equal(200);
      expect(res.body.groups).to.deep.equal(services.config.departmentGroups).and.include('区县');
    });

    it('refuses a group not in the list, on creation and on edit, and stores nothing', async () => {
      const name = uniq('部门');
      expect(invalidPaths(await admin.post(`${API}/departments`, { name, group: '区 县' }))).to.deep.equal(['group']);
      const { services } = await testApp();
      expect((await services.departments.list()).some((d) => d.name === name)).to.equal(false);
      const d = await makeDepartment();
      expect(invalidPaths(await admin.patch(`${API}/departments/${d.id}`, { group: '其他' }))).to.deep.equal(['group']);
      expect((await services.departments.get(d.id)).group).to.equal('区县');
    });
  });

  describe('PATCH /departments/:id', () => {
    it('changes name, group and emails, clears an email, and disables', async () => {
      const d = await makeDepartment();
      const name = uniq('市交通委员会');
      const res = await admin.patch(`${API}/departments/${d.id}`, {
        name,
        group: '市直部门',
        email: 'jtw@city.example',
        head_email: null,
        active: false,
      });
      expect(res.status, JSON.stringify(res.body)).to.equal(200);
      expect(res.body).to.include({
        id: d.id,
        name,
        group: '市直部门',
        email: 'jtw@city.example',
        head_email: null,
        active: false,
      });
      expect((await admin.get(`${API}/departments/${d.id}`)).body).to.include({ name, active: false });
    });

    it('refuses a name another department has', async () => {
      const [a, b] = [await makeDepartment(), await makeDepartment()];
      const res = await admin.patch(`${API}/departments/${b.id}`, { name: a.name });
      expect(res.status).to.equal(409);
      expect((await admin.get(`${API}/departments/${b.id}`)).body.name).to.equal(b.name);
    });
  });

  describe('PATCH /users/:id', () => {
    it('changes display name, role, department and active together', async () => {
      const d = await makeDepartment();
      const { user } = await signedIn('operator');
      const res = await admin.patch(`${API}/users/${user.id}`, {
        display_name: '王晓红',
        role: 'handler',
        department_id: d.id,
        active: false,
      });
      expect(res.status).to.equal(200);
      expect(res.body).to.include({ display_name: '王晓红', role: 'handler', department_id: d.id, active: false });
      // Disabled: the person can no longer sign in.
      expect(
        (await (await anon()).post(`${API}/auth/login`, { username: user.username, password: TEST_PASSWORD })).status,
      ).to.equal(401);
    });
  });

  describe('POST /users/:id/password (reset by an administrator)', () => {
    it("sets the new password, lifts a lock and ends the user's sessions", async () => {
      const { user, api } = await signedIn('operator');
      const res = await admin.post(`${API}/users/${user.id}/password`, { password: 'Reset#2026-ok' });
      expect(res.status).to.equal(200);
      expect((await api.get(`${API}/auth/me`)).status).to.equal(401);
      expect((await signIn(user.username, 'Reset#2026-ok')).token).to.be.a('string');
      const old = await (await anon()).post(`${API}/auth/login`, { username: user.username, password: TEST_PASSWORD });
      expect(old.status).to.equal(401);
    });

    it('refuses a weak password with the rule, and keeps the old one', async () => {
      const { user } = await signedIn('operator');
      for (const weak of ['short1!', 'alllowercase', 'Password1', `X-${user.username}-9`, 'P@ssw0rd']) {
        expect(
          invalidPaths(await admin.post(`${API}/users/${user.id}/password`, { password: weak })),
          weak,
        ).to.deep.equal(['password']);
      }
      expect((await signIn(user.username)).token).to.be.a('string');
    });

    it('is for administrators only', async () => {
      const { user } = await signedIn('operator');
      const res = await (
        await signedIn('supervisor')
      ).api.post(`${API}/users/${user.id}/password`, { password: 'Reset#2026-ok' });
      expect(res.status).to.equal(403);
    });
  });

  describe('POST /auth/password (changed by its owner)', () => {
    it('needs the old password, refuses a weak or unchanged new one, and ends the other sessions only', async () => {
      const { user, api } = await signedIn('handler');
      const other = await signIn(user.username);
      expect(
        invalidPaths(
          await api.post(`${API}/auth/password`, { old_password: 'wrong-Passw0rd', new_password: 'Morning&Tea-88' }),
        ),
      ).to.deep.equal(['old_password']);
      expect(
        invalidPaths(await api.post(`${API}/auth/password`, { old_password: TEST_PASSWORD, new_password: 'abcdefgh' })),
      ).to.deep.equal(['new_password']);
      expect(
        invalidPaths(
          await api.post(`${API}/auth/password`, { old_password: TEST_PASSWORD, new_password: TEST_PASSWORD }),
        ),
      ).to.deep.equal(['new_password']);
      expect(
        invalidPaths(
          await api.post(`${API}/auth/password`, {
            old_password: TEST_PASSWORD,
            new_password: 'Morning&Tea-88',
            extra: 1,
          }),
        ),
      ).to.deep.equal(['extra']);
      // Refused attempts changed nothing: the other session is still there.
      expect((await other.get(`${API}/auth/me`)).status).to.equal(200);

      expect(
        (await api.post(`${API}/auth/password`, { old_password: TEST_PASSWORD, new_password: 'Morning&Tea-88' }))
          .status,
      ).to.equal(204);
      expect((await api.get(`${API}/auth/me`)).status).to.equal(200);
      expect((await other.get(`${API}/auth/me`)).status).to.equal(401);
      expect((await signIn(user.username, 'Morning&Tea-88')).token).to.be.a('string');
      expect(
        (await (await anon()).post(`${API}/auth/login`, { username: user.username, password: TEST_PASSWORD })).status,
      ).to.equal(401);
    });

    it('counts wrong old passwords like failed sign-ins: the fifth locks the account', async () => {
      const { user, api } = await signedIn('operator');
      for (let i = 1; i <= 4; i++) {
        expect(
          (await api.post(`${API}/auth/password`, { old_password: `wrong-${i}`, new_password: 'Morning&Tea-88' }))
            .status,
        ).to.equal(400);
      }
      const fifth = await api.post(`${API}/auth/password`, { old_password: 'wrong-5', new_password: 'Morning&Tea-88' });
      expect(fifth.status).to.equal(423);
      expect(
        (await (await anon()).post(`${API}/auth/login`, { username: user.username, password: TEST_PASSWORD })).status,
      ).to.equal(423);
    });

    it('needs a session', async () => {
      expect(
        (await (await anon()).post(`${API}/auth/password`, { old_password: 'a', new_password: 'Morning&Tea-88' }))
          .status,
      ).to.equal(401);
    });
  });
});
