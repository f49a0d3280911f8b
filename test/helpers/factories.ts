// Factories that build valid rows through the services (so every row is one the API could have made).
import { randomUUID } from 'node:crypto';
import type { Role } from '../../server/domain/users/actor.ts';
import { Client } from './http.ts';
import { testApp } from './test-app.ts';

const PASSWORD = 'Passw0rd!test';
let seq = 0;
export const uniq = (prefix: string) => `${prefix}${++seq}-${randomUUID().slice(0, 8)}`;

export async function makeDepartment(group = '区县') {
  const { services } = await testApp();
  return services.departments.create({
    name: uniq('部门'),
    group,
    email: `${uniq('d')}@dept.example`,
    head_email: `${uniq('h')}@dept.example`,
  });
}

export async function makeCategory(departmentId: number) {
  const { services } = await testApp();
  return services.categories.create({ name: uniq('分类'), department_id: departmentId });
}

export async function signIn(username: string, password = PASSWORD): Promise<Client> {
  const { baseUrl } = await testApp();
  const res = await new Client(baseUrl).post('/api/v1/auth/login', { username, password });
  if (res.status !== 200) throw new Error(`login failed: ${JSON.stringify(res.body)}`);
  return new Client(baseUrl, res.body.token);
}

/** A user of the role, signed in: answers the user and an API client carrying the session. */
export async function signedIn(role: Role, departmentId?: number) {
  const { services } = await testApp();
  const user = await services.users.create({
    username: uniq(role),
    password: PASSWORD,
    display_name: uniq('测试'),
    role,
    department_id: role === 'handler' ? (departmentId ?? (await makeDepartment()).id) : (departmentId ?? null),
  });
  return { user, api: await signIn(user.username) };
}

export const TEST_PASSWORD = PASSWORD;

export function ticketInput(over: Record<string, unknown> = {}) {
  return {
    channel: 'phone',
    type: 'complaint',
    urgency: 'normal',
    title: '小区夜间施工噪音扰民',
    description: '某小区旁工地每晚 22 点后仍在施工，噪音很大，影响休息。',
    address: '朝阳区某路 1 号',
    caller_name: '张先生',
    caller_phone: '13812341234',
    ...over,
  };
}
