// Administration (docs/api.md "Sessions and users", "Administration"): departments, users, categories and calendar
// overrides, who may change them, how bad input is refused, and that an override moves deadlines.
import { expect } from 'chai';
import type { Role } from '../../server/domain/users/actor.ts';
import { clock } from '../../server/lib/clock.ts';
import { makeCategory, makeDepartment, signedIn, ticketInput, uniq } from '../helpers/factories.ts';
import { Client, type Res } from '../helpers/http.ts';
import { testApp } from '../helpers/test-app.ts';

const API = '/api/v1';
const NO_SUCH_ID = 2_000_000_000;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function expectError(res: Res, status: number, code: string) {
  expect(res.status, JSON.stringify(res.body)).to.equal(status);
  expect(res.body.error.code).to.equal(code);
  expect(res.body.error.message).to.be.a('string').and.not.empty;
}

/** The sorted field paths of a 400 VALIDATION_FAILED, each detail with a message. */
function invalidPaths(res: Res): string[] {
  expectError(res, 400, 'VALIDATION_FAILED');
  const details = res.body.error.details as { path: string; message: string }[];
  for (const d of details) expect(d.message).to.be.a('string').and.not.empty;
  return details.map((d) => d.path).sort();
}

const deptInput = (over: Record<string, unknown> = {}) => ({
  name: uniq('部门'),
  group: '区县',
  email: `${uniq('d')}@dept.example`,
  head_email: `${uniq('h')}@dept.example`,
  ...over,
});

const userInput = (over: Record<string, unknown> = {}) => ({
  username: uniq('user'),
  password: 'Str0ng-passw0rd',
  display_name: uniq('用户'),
  role: 'operator',
  ...over,
});

async function db() {
  return (await testApp()).services.db;
}

describe('Administration', () => {
  let admin: Client;
  let anon: Client;
  let baseUrl: string;

  before(async () => {
    baseUrl = (await testApp()).baseUrl;
    anon = new Client(baseUrl);
    admin = (await signedIn('admin')).api;
  });

  describe('Departments', () => {
    describe('POST /departments', () => {
      it('creates a department and answers 201 with the record', async () => {
        const input = deptInput({ group: '市直部门' });
        const res = await admin.post(`${API}/departments`, input);
        expect(res.status, JSON.stringify(res.body)).to.equal(201);
        expect(res.body).to.include({
          name: input.name,
          group: '市直部门',
          email: input.email,
          head_email: input.head_email,
          active: true,
        });
        expect(res.body.id).to.be.a('number').above(0);
        expect(res.body.created_at).to.match(ISO);
        expect(await (await db())('departments').where({ id: res.body.id })).to.have.length(1);
      });

      it('makes the emails optional', async () => {
        const res = await admin.post(`${API}/departments`, { name: uniq('部门'), group: '区县' });
        expect(res.status).to.equal(201);
        expect(res.body).to.include({ email: null, head_email: null });
      });

      it('trims the name', async () => {
        const name = uniq('部门');
        const res = await admin.post(`${API}/departments`, deptInput({ name: `  ${name} ` }));
        expect(res.status).to.equal(201);
        expect(res.body.name).to.equal(name);
      });

      it('refuses a duplicate name with 409 ALREADY_EXISTS and stores nothing', async () => {
        const first = await makeDepartment();
        const res = await admin.post(`${API}/departments`, deptInput({ name: first.name, group: '市直部门' }));
        expectError(res, 409, 'ALREADY_EXISTS');
        expect(await (await db())('departments').where({ name: first.name })).to.have.length(1);
      });

      it('refuses a name that is a duplicate once trimmed', async () => {
        const first = await makeDepartment();
        expectError(
          await admin.post(`${API}/departments`, deptInput({ name: ` ${first.name}  ` })),
          409,
          'ALREADY_EXISTS',
        );
      });

      it('reports every invalid field with its path', async () => {
        const res = await admin.post(`${API}/departments`, {
          name: '',
          group: '   ',
          email: 'not-an-email',
          head_email: 'head@',
        });
        expect(invalidPaths(res)).to.deep.equal(['email', 'group', 'head_email', 'name']);
      });

      it('reports missing required fields', async () => {
        expect(invalidPaths(await admin.post(`${API}/departments`, {}))).to.deep.equal(['group', 'name']);
      });

      it('reports wrong types', async () => {
        expect(
          invalidPaths(await admin.post(`${API}/departments`, deptInput({ name: 12, group: ['区县'] }))),
        ).to.deep.equal(['group', 'name']);
      });

      it('refuses unknown fields by name and stores nothing', async () => {
        const input = deptInput({ active: false, id: 5 });
        expect(invalidPaths(await admin.post(`${API}/departments`, input))).to.deep.equal(['active', 'id']);
        expect(await (await db())('departments').where({ name: input.name })).to.have.length(0);
      });

      it('refuses a name longer than 100 characters', async () => {
        expect(
          invalidPaths(await admin.post(`${API}/departments`, deptInput({ name: '部'.repeat(101) }))),
        ).to.deep.equal(['name']);
      });
    });

    describe('GET /departments', () => {
      it('lists departments, including a new one', async () => {
        const d = await makeDepartment();
        const res = await admin.get(`${API}/departments`);
        expect(res.status).to.equal(200);
        expect(res.body).to.be.an('array');
        const found = res.body.find((x: { id: number }) => x.id === d.id);
        expect(found).to.include({ name: d.name, group: d.group, active: true });
      });

      it('is readable by every signed-in role', async () => {
        const d = await makeDepartment();
        for (const role of ['operator', 'handler', 'supervisor'] as Role[]) {
          const res = await (await signedIn(role)).api.get(`${API}/departments`);
          expect(res.status, role).to.equal(200);
          expect(
            res.body.map((x: { id: number }) => x.id),
            role,
          ).to.include(d.id);
        }
      });
    });

    describe('GET /departments/:id', () => {
      it('answers the department', async () => {
        const created = (await admin.post(`${API}/departments`, deptInput())).body;
        const res = await admin.get(`${API}/departments/${created.id}`);
        expect(res.status).to.equal(200);
        expect(res.body).to.deep.equal(created);
      });

      it('answers 404 for an unknown id', async () => {
        expect((await admin.get(`${API}/departments/${NO_SUCH_ID}`)).status).to.equal(404);
      });

      for (const bad of ['abc', '0', '-1', '1.5', '1e3', '99999999999999999999']) {
        it(`answers 404 NOT_FOUND for the non-numeric or out-of-range id "${bad}"`, async () => {
          expectError(await admin.get(`${API}/departments/${bad}`), 404, 'NOT_FOUND');
        });
      }
    });

    describe('PATCH /departments/:id', () => {
      it('changes the given fields only', async () => {
        const d = await makeDepartment();
        const name = uniq('新部门');
        const res = await admin.patch(`${API}/departments/${d.id}`, { name, group: '市直部门' });
        expect(res.status, JSON.stringify(res.body)).to.equal(200);
        expect(res.body).to.include({ id: d.id, name, group: '市直部门', email: d.email, head_email: d.head_email });
        expect((await admin.get(`${API}/departments/${d.id}`)).body).to.deep.equal(res.body);
      });

      it('changes the emails', async () => {
        const d = await makeDepartment();
        const res = await admin.patch(`${API}/departments/${d.id}`, {
          email: 'office@new.example',
          head_email: 'head@new.example',
        });
        expect(res.status).to.equal(200);
        expect(res.body).to.include({ email: 'office@new.example', head_email: 'head@new.example', name: d.name });
      });

      it('deactivates and reactivates', async () => {
        const d = await makeDepartment();
        expect((await admin.patch(`${API}/departments/${d.id}`, { active: false })).body.active).to.equal(false);
        expect((await admin.get(`${API}/departments/${d.id}`)).body.active).to.equal(false);
        expect((await admin.patch(`${API}/departments/${d.id}`, { active: true })).body.active).to.equal(true);
      });

      it('refuses renaming to another department’s name with 409 and changes nothing', async () => {
        const a = await makeDepartment();
        const b = await makeDepartment();
        expectError(await admin.patch(`${API}/departments/${b.id}`, { name: a.name }), 409, 'ALREADY_EXISTS');
        expect((await admin.get(`${API}/departments/${b.id}`)).body.name).to.equal(b.name);
      });

      it('reports invalid fields with their paths and changes nothing', async () => {
        const d = await makeDepartment();
        const res = await admin.patch(`${API}/departments/${d.id}`, {
          name: '',
          email: 'nope',
          active: 'yes',
          created_at: 'x',
        });
        expect(invalidPaths(res)).to.deep.equal(['active', 'created_at', 'email', 'name']);
        expect((await admin.get(`${API}/departments/${d.id}`)).body).to.include({
          name: d.name,
          email: d.email,
          active: true,
        });
      });

      it('answers 404 for an unknown id', async () => {
        expectError(await admin.patch(`${API}/departments/${NO_SUCH_ID}`, { name: uniq('部门') }), 404, 'NOT_FOUND');
      });

      it('answers 404 for a non-numeric id', async () => {
        expectError(await admin.patch(`${API}/departments/abc`, { name: uniq('部门') }), 404, 'NOT_FOUND');
      });
    });
  });

  describe('Users', () => {
    describe('POST /users', () => {
      it('creates an operator and answers 201 without any password field', async () => {
        const input = userInput();
        const res = await admin.post(`${API}/users`, input);
        expect(res.status, JSON.stringify(res.body)).to.equal(201);
        expect(res.body).to.include({
          username: input.username,
          display_name: input.display_name,
          role: 'operator',
          department_id: null,
          active: true,
        });
        expect(res.body.id).to.be.a('number').above(0);
        expect(res.body.created_at).to.match(ISO);
        expect(res.body).to.not.have.any.keys('password', 'password_hash', 'failed_logins', 'locked_until');
      });

      it('stores a slow hash, never the password, and the new user can sign in', async () => {
        const input = userInput({ role: 'supervisor' });
        const created = (await admin.post(`${API}/users`, input)).body;
        const row = await (await db())('users').where({ id: created.id }).first();
        expect(row.password_hash).to.not.include(input.password);
        expect(row.password_hash).to.match(/scrypt/i);
        const login = await anon.post(`${API}/auth/login`, { username: input.username, password: input.password });
        expect(login.status).to.equal(200);
        expect(login.body.user).to.include({ id: created.id, role: 'supervisor' });
      });

      it('creates a handler in a department', async () => {
        const d = await makeDepartment();
        const res = await admin.post(`${API}/users`, userInput({ role: 'handler', department_id: d.id }));
        expect(res.status).to.equal(201);
        expect(res.body).to.include({ role: 'handler', department_id: d.id });
      });

      it('refuses a handler without a department', async () => {
        const input = userInput({ role: 'handler' });
        expect(invalidPaths(await admin.post(`${API}/users`, input))).to.deep.equal(['department_id']);
        expect(invalidPaths(await admin.post(`${API}/users`, { ...input, department_id: null }))).to.deep.equal([
          'department_id',
        ]);
        expect(await (await db())('users').where({ username: input.username })).to.have.length(0);
      });

      it('refuses an unknown department and stores nothing', async () => {
        const input = userInput({ role: 'handler', department_id: NO_SUCH_ID });
        expect(invalidPaths(await admin.post(`${API}/users`, input))).to.deep.equal(['department_id']);
        expect(await (await db())('users').where({ username: input.username })).to.have.length(0);
      });

      it('reports every invalid field with its path', async () => {
        const res = await admin.post(`${API}/users`, {
          username: 'a b',
          password: 'short',
          display_name: '  ',
          role: 'root',
          department_id: 'one',
          is_admin: true,
        });
        expect(invalidPaths(res)).to.deep.equal([
          'department_id',
          'display_name',
          'is_admin',
          'password',
          'role',
          'username',
        ]);
      });

      it('reports the cross-field department rule together with the other problems', async () => {
        const res = await admin.post(`${API}/users`, userInput({ role: 'handler', username: 'x' }));
        expect(invalidPaths(res)).to.deep.equal(['department_id', 'username']);
      });

      it('reports missing fields', async () => {
        expect(invalidPaths(await admin.post(`${API}/users`, {}))).to.deep.equal([
          'display_name',
          'password',
          'role',
          'username',
        ]);
      });

      it('refuses a duplicate username with 409 ALREADY_EXISTS', async () => {
        const input = userInput();
        expect((await admin.post(`${API}/users`, input)).status).to.equal(201);
        expectError(
          await admin.post(`${API}/users`, userInput({ username: input.username, role: 'supervisor' })),
          409,
          'ALREADY_EXISTS',
        );
        expect(await (await db())('users').where({ username: input.username })).to.have.length(1);
      });
    });

    describe('GET /users', () => {
      it('lists users, including a new one, and never a password hash', async () => {
        const created = (await admin.post(`${API}/users`, userInput())).body;
        const res = await admin.get(`${API}/users`);
        expect(res.status).to.equal(200);
        expect(res.body.map((u: { id: number }) => u.id)).to.include(created.id);
        for (const u of res.body)
          expect(u).to.not.have.any.keys('password', 'password_hash', 'failed_logins', 'locked_until');
        expect(JSON.stringify(res.body)).to.not.match(/scrypt|password_hash/);
      });

      it('filters by role', async () => {
        const handler = await signedIn('handler');
        const res = await admin.get(`${API}/users?role=handler`);
        expect(res.status).to.equal(200);
        expect(res.body.map((u: { id: number }) => u.id)).to.include(handler.user.id);
        expect(res.body.every((u: { role: string }) => u.role === 'handler')).to.equal(true);
      });

      it('filters by department', async () => {
        const d = await makeDepartment();
        const a = (await admin.post(`${API}/users`, userInput({ role: 'handler', department_id: d.id }))).body;
        const b = (await admin.post(`${API}/users`, userInput({ role: 'handler', department_id: d.id }))).body;
        const res = await admin.get(`${API}/users?department_id=${d.id}`);
        expect(res.body.map((u: { id: number }) => u.id).sort()).to.deep.equal([a.id, b.id].sort());
      });

      it('refuses an unknown role filter with 400', async () => {
        expect(invalidPaths(await admin.get(`${API}/users?role=root`))).to.deep.equal(['role']);
        expect(invalidPaths(await admin.get(`${API}/users?bogus=1`))).to.deep.equal(['bogus']);
      });

      it('is readable by supervisors', async () => {
        const res = await (await signedIn('supervisor')).api.get(`${API}/users`);
        expect(res.status).to.equal(200);
        for (const u of res.body) expect(u).to.not.have.property('password_hash');
      });
    });

    describe('GET /users/:id', () => {
      it('answers the user without a password hash', async () => {
        const created = (await admin.post(`${API}/users`, userInput())).body;
        const res = await admin.get(`${API}/users/${created.id}`);
        expect(res.status).to.equal(200);
        expect(res.body).to.deep.equal(created);
        expect(res.body).to.not.have.property('password_hash');
      });

      it('answers 404 for an unknown id', async () => {
        expectError(await admin.get(`${API}/users/${NO_SUCH_ID}`), 404, 'NOT_FOUND');
      });

      it('answers 404 for a non-numeric id', async () => {
        expectError(await admin.get(`${API}/users/me`), 404, 'NOT_FOUND');
      });
    });

    describe('PATCH /users/:id', () => {
      it('changes the display name', async () => {
        const u = (await admin.post(`${API}/users`, userInput())).body;
        const res = await admin.patch(`${API}/users/${u.id}`, { display_name: '新名字' });
        expect(res.status).to.equal(200);
        expect(res.body).to.include({ id: u.id, display_name: '新名字', username: u.username });
        expect((await admin.get(`${API}/users/${u.id}`)).body.display_name).to.equal('新名字');
      });

      it('sets a new password: the new one signs in, the old one no longer does', async () => {
        const input = userInput();
        const u = (await admin.post(`${API}/users`, input)).body;
        expect((await admin.patch(`${API}/users/${u.id}`, { password: 'Another-passw0rd' })).status).to.equal(200);
        expect(
          (await anon.post(`${API}/auth/login`, { username: u.username, password: 'Another-passw0rd' })).status,
        ).to.equal(200);
        expectError(
          await anon.post(`${API}/auth/login`, { username: u.username, password: input.password }),
          401,
          'UNAUTHENTICATED',
        );
      });

      it('moves a handler to another department', async () => {
        const d1 = await makeDepartment();
        const d2 = await makeDepartment();
        const u = (await admin.post(`${API}/users`, userInput({ role: 'handler', department_id: d1.id }))).body;
        const res = await admin.patch(`${API}/users/${u.id}`, { department_id: d2.id });
        expect(res.status).to.equal(200);
        expect(res.body.department_id).to.equal(d2.id);
      });

      it('refuses to take a handler out of every department', async () => {
        const d = await makeDepartment();
        const u = (await admin.post(`${API}/users`, userInput({ role: 'handler', department_id: d.id }))).body;
        expect(invalidPaths(await admin.patch(`${API}/users/${u.id}`, { department_id: null }))).to.deep.equal([
          'department_id',
        ]);
        expect((await admin.get(`${API}/users/${u.id}`)).body.department_id).to.equal(d.id);
      });

      it('refuses an unknown department', async () => {
        const u = (await admin.post(`${API}/users`, userInput())).body;
        expect(invalidPaths(await admin.patch(`${API}/users/${u.id}`, { department_id: NO_SUCH_ID }))).to.deep.equal([
          'department_id',
        ]);
        expect((await admin.get(`${API}/users/${u.id}`)).body.department_id).to.equal(null);
      });

      it('refuses fields that cannot be changed and bad values, changing nothing', async () => {
        const u = (await admin.post(`${API}/users`, userInput())).body;
        const res = await admin.patch(`${API}/users/${u.id}`, {
          role: 'root',
          username: 'renamed',
          password: 'short',
          active: 'no',
        });
        expect(invalidPaths(res)).to.deep.equal(['active', 'password', 'role', 'username']);
        expect((await admin.get(`${API}/users/${u.id}`)).body).to.include({
          role: 'operator',
          username: u.username,
          active: true,
        });
      });

      it("changes a role, which the user's open session follows at once; a handler needs a department", async () => {
        const { user, api: session } = await signedIn('operator');
        expect((await session.post(`${API}/tickets`, ticketInput())).status).to.equal(201);
        expect(invalidPaths(await admin.patch(`${API}/users/${user.id}`, { role: 'handler' }))).to.deep.equal([
          'department_id',
        ]);
        const dept = await makeDepartment();
        const changed = await admin.patch(`${API}/users/${user.id}`, { role: 'handler', department_id: dept.id });
        expect(changed.body).to.include({ role: 'handler', department_id: dept.id });
        expect((await session.post(`${API}/tickets`, ticketInput())).status).to.equal(403);
      });

      it('answers 404 for an unknown id', async () => {
        expectError(await admin.patch(`${API}/users/${NO_SUCH_ID}`, { display_name: 'x' }), 404, 'NOT_FOUND');
      });

      it('answers 404 for a non-numeric id', async () => {
        expectError(await admin.patch(`${API}/users/abc`, { display_name: 'x' }), 404, 'NOT_FOUND');
      });
    });
  });

  describe('Categories', () => {
    describe('POST /categories', () => {
      it('creates a category with its default department and answers 201', async () => {
        const d = await makeDepartment();
        const name = uniq('分类');
        const res = await admin.post(`${API}/categories`, { name, department_id: d.id });
        expect(res.status, JSON.stringify(res.body)).to.equal(201);
        expect(res.body).to.include({ name, department_id: d.id, active: true });
        expect(res.body.id).to.be.a('number').above(0);
        expect(res.body.created_at).to.match(ISO);
      });

      it('refuses a duplicate name with 409 ALREADY_EXISTS', async () => {
        const d = await makeDepartment();
        const c = await makeCategory(d.id);
        expectError(
          await admin.post(`${API}/categories`, { name: c.name, department_id: d.id }),
          409,
          'ALREADY_EXISTS',
        );
        expect(await (await db())('categories').where({ name: c.name })).to.have.length(1);
      });

      it('refuses an unknown department and stores nothing', async () => {
        const name = uniq('分类');
        expect(invalidPaths(await admin.post(`${API}/categories`, { name, department_id: NO_SUCH_ID }))).to.deep.equal([
          'department_id',
        ]);
        expect(await (await db())('categories').where({ name })).to.have.length(0);
      });

      it('reports every invalid field with its path', async () => {
        expect(
          invalidPaths(await admin.post(`${API}/categories`, { name: ' ', department_id: 'abc', parent_id: 1 })),
        ).to.deep.equal(['department_id', 'name', 'parent_id']);
        expect(invalidPaths(await admin.post(`${API}/categories`, {}))).to.deep.equal(['department_id', 'name']);
        expect(invalidPaths(await admin.post(`${API}/categories`, { name: 'x', department_id: 1.5 }))).to.deep.equal([
          'department_id',
        ]);
      });
    });

    describe('GET /categories', () => {
      it('lists categories, including a new one, for every signed-in role', async () => {
        const c = await makeCategory((await makeDepartment()).id);
        for (const api of [admin, (await signedIn('operator')).api]) {
          const res = await api.get(`${API}/categories`);
          expect(res.status).to.equal(200);
          expect(res.body.find((x: { id: number }) => x.id === c.id)).to.include({
            name: c.name,
            department_id: c.department_id,
          });
        }
      });
    });

    describe('GET /categories/:id', () => {
      it('answers the category', async () => {
        const d = await makeDepartment();
        const created = (await admin.post(`${API}/categories`, { name: uniq('分类'), department_id: d.id })).body;
        const res = await admin.get(`${API}/categories/${created.id}`);
        expect(res.status).to.equal(200);
        expect(res.body).to.deep.equal(created);
      });

      it('answers 404 for an unknown or non-numeric id', async () => {
        expectError(await admin.get(`${API}/categories/${NO_SUCH_ID}`), 404, 'NOT_FOUND');
        expectError(await admin.get(`${API}/categories/x1`), 404, 'NOT_FOUND');
      });
    });

    describe('PATCH /categories/:id', () => {
      it('renames, moves to another department and deactivates', async () => {
        const d1 = await makeDepartment();
        const d2 = await makeDepartment();
        const c = await makeCategory(d1.id);
        const name = uniq('新分类');
        const res = await admin.patch(`${API}/categories/${c.id}`, { name, department_id: d2.id, active: false });
        expect(res.status).to.equal(200);
        expect(res.body).to.include({ id: c.id, name, department_id: d2.id, active: false });
        expect((await admin.get(`${API}/categories/${c.id}`)).body).to.deep.equal(res.body);
      });

      it('refuses an unknown department and changes nothing', async () => {
        const d = await makeDepartment();
        const c = await makeCategory(d.id);
        expect(
          invalidPaths(await admin.patch(`${API}/categories/${c.id}`, { department_id: NO_SUCH_ID })),
        ).to.deep.equal(['department_id']);
        expect((await admin.get(`${API}/categories/${c.id}`)).body.department_id).to.equal(d.id);
      });

      it('refuses a duplicate name with 409', async () => {
        const d = await makeDepartment();
        const a = await makeCategory(d.id);
        const b = await makeCategory(d.id);
        expectError(await admin.patch(`${API}/categories/${b.id}`, { name: a.name }), 409, 'ALREADY_EXISTS');
        expect((await admin.get(`${API}/categories/${b.id}`)).body.name).to.equal(b.name);
      });

      it('refuses unknown fields', async () => {
        const c = await makeCategory((await makeDepartment()).id);
        expect(invalidPaths(await admin.patch(`${API}/categories/${c.id}`, { id: 1, name: '' }))).to.deep.equal([
          'id',
          'name',
        ]);
      });

      it('answers 404 for an unknown or non-numeric id', async () => {
        expectError(await admin.patch(`${API}/categories/${NO_SUCH_ID}`, { name: uniq('分类') }), 404, 'NOT_FOUND');
        expectError(await admin.patch(`${API}/categories/abc`, { name: uniq('分类') }), 404, 'NOT_FOUND');
      });
    });
  });

  describe('Calendar', () => {
    // Dates in June 2030 belong to this block; each test removes what it set.
    const touched = new Set<string>();
    const put = (date: string, body: unknown) => {
      touched.add(date);
      return admin.put(`${API}/calendar/${date}`, body);
    };
    const dayOf = (res: Res, date: string) => res.body.days.find((d: { date: string }) => d.date === date);

    afterEach(async () => {
      const { services } = await testApp();
      for (const date of touched) await services.calendar.removeOverride(date).catch(() => undefined);
      touched.clear();
    });

    describe('PUT /calendar/:date', () => {
      it('makes a working day a holiday and answers the override', async () => {
        const res = await put('2030-06-05', { workday: false, note: '临时调整' });
        expect(res.status, JSON.stringify(res.body)).to.equal(200);
        expect(res.body).to.deep.equal({ date: '2030-06-05', workday: false, note: '临时调整' });
        const year = await admin.get(`${API}/calendar?year=2030`);
        expect(dayOf(year, '2030-06-05')).to.deep.equal({ date: '2030-06-05', workday: false, override: true });
        expect(year.body.overrides).to.deep.include({ date: '2030-06-05', workday: false, note: '临时调整' });
      });

      it('makes a weekend day a working day', async () => {
        const before = await admin.get(`${API}/calendar?year=2030`);
        expect(dayOf(before, '2030-06-08').workday, 'a Saturday').to.equal(false);
        expect((await put('2030-06-08', { workday: true })).status).to.equal(200);
        const after = await admin.get(`${API}/calendar?year=2030`);
        expect(dayOf(after, '2030-06-08')).to.deep.equal({ date: '2030-06-08', workday: true, override: true });
      });

      it('replaces an earlier override of the same day', async () => {
        await put('2030-06-12', { workday: false, note: 'first' });
        const res = await put('2030-06-12', { workday: true, note: 'second' });
        expect(res.status).to.equal(200);
        const year = await admin.get(`${API}/calendar?year=2030`);
        expect(year.body.overrides.filter((o: { date: string }) => o.date === '2030-06-12')).to.deep.equal([
          { date: '2030-06-12', workday: true, note: 'second' },
        ]);
        expect(dayOf(year, '2030-06-12').workday).to.equal(true);
      });

      for (const bad of ['2030-02-30', '2030-13-01', '2030-6-1', 'tomorrow', '20300601']) {
        it(`refuses the bad date "${bad}" with 400 on the date path`, async () => {
          expect(invalidPaths(await put(bad, { workday: false }))).to.deep.equal(['date']);
        });
      }

      it('refuses a bad body with the field paths and stores nothing', async () => {
        expect(invalidPaths(await put('2030-06-13', {}))).to.deep.equal(['workday']);
        expect(invalidPaths(await put('2030-06-13', { workday: 'no' }))).to.deep.equal(['workday']);
        expect(invalidPaths(await put('2030-06-13', { workday: false, holiday: true, note: 5 }))).to.deep.equal([
          'holiday',
          'note',
        ]);
        expect(await (await db())('calendar_overrides').where({ date: '2030-06-13' })).to.have.length(0);
      });
    });

    describe('GET /calendar', () => {
      it('answers every day of the year', async () => {
        const res = await admin.get(`${API}/calendar?year=2030`);
        expect(res.status).to.equal(200);
        expect(res.body.year).to.equal(2030);
        expect(res.body.days).to.have.length(365);
        expect(res.body.days[0].date).to.equal('2030-01-01');
        expect(res.body.days[364].date).to.equal('2030-12-31');
        expect((await admin.get(`${API}/calendar?year=2028`)).body.days).to.have.length(366);
      });

      it('follows the official schedule: 2026-10-10 is a make-up working Saturday, 10-01 a holiday', async () => {
        const res = await admin.get(`${API}/calendar?year=2026`);
        expect(dayOf(res, '2026-10-10')).to.deep.equal({ date: '2026-10-10', workday: true, override: false });
        expect(dayOf(res, '2026-10-01')).to.deep.equal({ date: '2026-10-01', workday: false, override: false });
        expect(dayOf(res, '2026-10-12').workday, 'an ordinary Monday').to.equal(true);
      });

      it('lists only the overrides of the year asked for', async () => {
        await put('2030-06-14', { workday: false });
        const other = await admin.get(`${API}/calendar?year=2029`);
        expect(other.body.overrides.map((o: { date: string }) => o.date)).to.not.include('2030-06-14');
        const same = await admin.get(`${API}/calendar?year=2030`);
        expect(same.body.overrides.map((o: { date: string }) => o.date)).to.include('2030-06-14');
      });

      it('is readable by every signed-in role', async () => {
        await put('2030-06-17', { workday: false });
        const res = await (await signedIn('handler')).api.get(`${API}/calendar?year=2030`);
        expect(res.status).to.equal(200);
        expect(dayOf(res, '2030-06-17').workday).to.equal(false);
      });

      it('refuses a missing or out-of-range year with 400', async () => {
        expect(invalidPaths(await admin.get(`${API}/calendar`))).to.deep.equal(['year']);
        expect(invalidPaths(await admin.get(`${API}/calendar?year=abc`))).to.deep.equal(['year']);
        expect(invalidPaths(await admin.get(`${API}/calendar?year=1999`))).to.deep.equal(['year']);
      });
    });

    describe('DELETE /calendar/:date', () => {
      it('removes an override so the day follows the official schedule again', async () => {
        await put('2030-06-19', { workday: false });
        const res = await admin.delete(`${API}/calendar/2030-06-19`);
        expect(res.status).to.equal(204);
        const year = await admin.get(`${API}/calendar?year=2030`);
        expect(dayOf(year, '2030-06-19')).to.deep.equal({ date: '2030-06-19', workday: true, override: false });
        expect(year.body.overrides.map((o: { date: string }) => o.date)).to.not.include('2030-06-19');
      });

      it('answers 404 when the day has no override', async () => {
        expect((await admin.delete(`${API}/calendar/2030-06-20`)).status).to.equal(404);
      });

      it('refuses a bad date with 400', async () => {
        expect(invalidPaths(await admin.delete(`${API}/calendar/2030-02-31`))).to.deep.equal(['date']);
        expect(invalidPaths(await admin.delete(`${API}/calendar/yesterday`))).to.deep.equal(['date']);
      });
    });

    describe('overrides and deadlines', () => {
      // Inquiry: reply due in 3 working days, sign-for in 1 (docs/rules/deadlines.md); deadlines end 23:59:59 Shanghai.
      async function dispatchAt(at: string) {
        clock.set(at);
        // Sessions are made at the frozen moment, so their idle clock starts there.
        const operator = await signedIn('operator');
        const handler = await signedIn('handler');
        const created = await operator.api.post(
          `${API}/tickets`,
          ticketInput({ type: 'inquiry', title: uniq('咨询') }),
        );
        expect(created.status, JSON.stringify(created.body)).to.equal(201);
        const res = await operator.api.post(`${API}/tickets/${created.body.id}/dispatch`, {
          version: created.body.version,
          department_id: handler.user.department_id,
        });
        expect(res.status, JSON.stringify(res.body)).to.equal(200);
        expect(res.body.status).to.equal('dispatched');
        return res.body as { sign_deadline_at: string; due_at: string };
      }

      async function override(date: string, workday: boolean) {
        touched.add(date);
        const res = await (await signedIn('admin')).api.put(`${API}/calendar/${date}`, { workday });
        expect(res.status).to.equal(200);
      }

      async function removeOverride(date: string) {
        const res = await (await signedIn('admin')).api.delete(`${API}/calendar/${date}`);
        expect(res.status).to.equal(204);
      }

      const DAY = 86_400_000;
      const MONDAY = '2030-03-04T02:00:00.000Z'; // 10:00 in Shanghai

      it('moves the due date one day later when a day inside the window becomes a holiday', async () => {
        const plain = await dispatchAt(MONDAY);
        expect(plain.due_at).to.equal('2030-03-07T15:59:59.000Z'); // Thursday 23:59:59 local
        expect(plain.sign_deadline_at).to.equal('2030-03-05T15:59:59.000Z');

        await override('2030-03-06', false); // the Wednesday
        const withHoliday = await dispatchAt(MONDAY);
        expect(withHoliday.due_at).to.equal('2030-03-08T15:59:59.000Z');
        expect(Date.parse(withHoliday.due_at) - Date.parse(plain.due_at)).to.equal(DAY);
        // The sign-for deadline (Tuesday) lies before the holiday and does not move.
        expect(withHoliday.sign_deadline_at).to.equal(plain.sign_deadline_at);

        await removeOverride('2030-03-06');
        const afterRemoval = await dispatchAt(MONDAY);
        expect(afterRemoval.due_at).to.equal(plain.due_at);
      });

      it('moves the due date earlier when a weekend day inside the window becomes a working day', async () => {
        const THURSDAY = '2030-03-07T02:00:00.000Z';
        const plain = await dispatchAt(THURSDAY);
        expect(plain.due_at).to.equal('2030-03-12T15:59:59.000Z'); // Fri, Mon, Tue

        await override('2030-03-09', true); // the Saturday
        const withWorkday = await dispatchAt(THURSDAY);
        expect(withWorkday.due_at).to.equal('2030-03-11T15:59:59.000Z'); // Fri, Sat, Mon
      });

      it('leaves deadlines outside the overridden day alone', async () => {
        await override('2030-03-20', false);
        const res = await dispatchAt(MONDAY);
        expect(res.due_at).to.equal('2030-03-07T15:59:59.000Z');
      });
    });
  });

  describe('Permissions', () => {
    interface Fixture {
      departmentId: number;
      userId: number;
      categoryId: number;
    }
    interface Route {
      name: string;
      method: string;
      path: (f: Fixture) => string;
      body?: () => unknown;
    }

    let fx: Fixture;
    const PROTECTED_DAY = '2030-07-01'; // has an override that only an administrator may remove
    const NEW_DAY = '2030-07-02'; // must stay without one

    before(async () => {
      const d = await makeDepartment();
      const { services } = await testApp();
      const u = await services.users.create({
        username: uniq('target'),
        password: 'Str0ng-passw0rd',
        display_name: '目标',
        role: 'operator',
      });
      const c = await makeCategory(d.id);
      fx = { departmentId: d.id, userId: u.id, categoryId: c.id };
      await services.calendar.setOverride(PROTECTED_DAY, false, 'permission tests');
    });

    after(async () => {
      const { services } = await testApp();
      await services.calendar.removeOverride(PROTECTED_DAY).catch(() => undefined);
      await services.calendar.removeOverride(NEW_DAY).catch(() => undefined);
    });

    const writes: Route[] = [
      { name: 'POST /departments', method: 'POST', path: () => `${API}/departments`, body: () => deptInput() },
      {
        name: 'PATCH /departments/:id',
        method: 'PATCH',
        path: (f) => `${API}/departments/${f.departmentId}`,
        body: () => ({ name: uniq('改名'), active: false }),
      },
      { name: 'POST /users', method: 'POST', path: () => `${API}/users`, body: () => userInput({ role: 'admin' }) },
      {
        name: 'PATCH /users/:id',
        method: 'PATCH',
        path: (f) => `${API}/users/${f.userId}`,
        body: () => ({ display_name: '改名', active: false }),
      },
      {
        name: 'POST /categories',
        method: 'POST',
        path: () => `${API}/categories`,
        body: () => ({ name: uniq('分类'), department_id: 1 }),
      },
      {
        name: 'PATCH /categories/:id',
        method: 'PATCH',
        path: (f) => `${API}/categories/${f.categoryId}`,
        body: () => ({ name: uniq('改名'), active: false }),
      },
      {
        name: 'PUT /calendar/:date',
        method: 'PUT',
        path: () => `${API}/calendar/${NEW_DAY}`,
        body: () => ({ workday: false }),
      },
      { name: 'DELETE /calendar/:date', method: 'DELETE', path: () => `${API}/calendar/${PROTECTED_DAY}` },
    ];

    const reads: Route[] = [
      { name: 'GET /departments', method: 'GET', path: () => `${API}/departments` },
      { name: 'GET /departments/:id', method: 'GET', path: (f) => `${API}/departments/${f.departmentId}` },
      { name: 'GET /users', method: 'GET', path: () => `${API}/users` },
      { name: 'GET /users/:id', method: 'GET', path: (f) => `${API}/users/${f.userId}` },
      { name: 'GET /categories', method: 'GET', path: () => `${API}/categories` },
      { name: 'GET /categories/:id', method: 'GET', path: (f) => `${API}/categories/${f.categoryId}` },
      { name: 'GET /calendar', method: 'GET', path: () => `${API}/calendar?year=2030` },
    ];

    /** Nothing a refused write could have touched has changed. */
    async function expectUntouched(before: { departments: number; users: number; categories: number }) {
      const knex = await db();
      const count = async (table: string) => Number((await knex(table).count({ n: '*' }).first())!.n);
      expect(await count('departments'), 'departments').to.equal(before.departments);
      expect(await count('users'), 'users').to.equal(before.users);
      expect(await count('categories'), 'categories').to.equal(before.categories);
      expect((await knex('departments').where({ id: fx.departmentId }).first()).active).to.be.oneOf([1, true]);
      expect((await knex('users').where({ id: fx.userId }).first()).display_name).to.equal('目标');
      expect((await knex('categories').where({ id: fx.categoryId }).first()).active).to.be.oneOf([1, true]);
      expect(await knex('calendar_overrides').where({ date: PROTECTED_DAY })).to.have.length(1);
      expect(await knex('calendar_overrides').where({ date: NEW_DAY })).to.have.length(0);
    }

    async function counts() {
      const knex = await db();
      const count = async (table: string) => Number((await knex(table).count({ n: '*' }).first())!.n);
      return {
        departments: await count('departments'),
        users: await count('users'),
        categories: await count('categories'),
      };
    }

    for (const role of ['operator', 'handler', 'supervisor'] as Role[]) {
      describe(`as ${role}`, () => {
        let api: Client;
        before(async () => {
          api = (await signedIn(role)).api;
        });

        for (const route of writes) {
          it(`refuses ${route.name} with 403 FORBIDDEN and changes nothing`, async () => {
            const before = await counts();
            const res = await api.request(route.method, route.path(fx), route.body?.());
            expectError(res, 403, 'FORBIDDEN');
            await expectUntouched(before);
          });
        }

        it('refuses GET /users/:id with 403', async () => {
          expectError(await api.get(`${API}/users/${fx.userId}`), 403, 'FORBIDDEN');
        });

        it(`${role === 'supervisor' ? 'may' : 'may not'} list users`, async () => {
          const res = await api.get(`${API}/users`);
          if (role === 'supervisor') expect(res.status).to.equal(200);
          else expectError(res, 403, 'FORBIDDEN');
        });

        it('reads departments, categories and the calendar', async () => {
          for (const path of [
            `${API}/departments/${fx.departmentId}`,
            `${API}/categories/${fx.categoryId}`,
            `${API}/calendar?year=2030`,
          ]) {
            expect((await api.get(path)).status, path).to.equal(200);
          }
        });
      });
    }

    describe('without a session', () => {
      for (const route of [...writes, ...reads]) {
        it(`refuses ${route.name} with 401 UNAUTHENTICATED`, async () => {
          const before = await counts();
          const res = await anon.request(route.method, route.path(fx), route.body?.());
          expectError(res, 401, 'UNAUTHENTICATED');
          await expectUntouched(before);
        });
      }

      it('refuses a write with an unknown Bearer token with 401', async () => {
        expectError(
          await anon.withToken('forged-token').post(`${API}/departments`, deptInput()),
          401,
          'UNAUTHENTICATED',
        );
      });
    });

    describe('as admin', () => {
      it('may read every route the others are refused', async () => {
        for (const route of reads) expect((await admin.get(route.path(fx))).status, route.name).to.equal(200);
      });
    });
  });
});
