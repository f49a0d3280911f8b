// The demo organisation: departments of both leaderboard groups, the city's tree under two districts (streets and
// their communities, docs/rules/units.md), a public enterprise, the dispatch catalogue and accounts of every role.
// Every account shares DEMO_PASSWORD so the README can list them in one table.
import fs from 'node:fs';
import type { Services } from '../services.ts';
import type { Actor, Role } from '../domain/users/actor.ts';
import type { Department } from '../domain/departments/departments.repository.ts';
import type { UnitKind } from '../domain/departments/unit-tree.ts';
import type { Category } from '../domain/categories/categories.repository.ts';
import type { User } from '../domain/users/users.repository.ts';

export const DEMO_PASSWORD = 'Hotline@2026';

interface DepartmentSpec {
  key: string;
  name: string;
  group: '区县' | '市直部门' | '街道乡镇' | '社区村' | '公共企事业单位';
  kind: UnitKind;
  /** The key of the unit above it (a street's district, a community's street). */
  parent?: string;
  /** The liaison's (联络员) mobile. */
  liaison?: string;
  /** The handler's name, shown on the timeline. */
  handler: string;
}

const street = (key: string, name: string, parent: string, handler: string, n: number): DepartmentSpec => ({
  key,
  name,
  group: '街道乡镇',
  kind: 'street',
  parent,
  liaison: `1391001${String(n).padStart(4, '0')}`,
  handler,
});
const community = (key: string, name: string, parent: string, handler: string, n: number): DepartmentSpec => ({
  ...street(key, name, parent, handler, n),
  group: '社区村',
  kind: 'community',
});

// Appended in the order they are made (parents first): ids and accounts of the units above stay what they were.
export const DEPARTMENTS: DepartmentSpec[] = [
  { key: 'dongcheng', name: '东城区', group: '区县', kind: 'district', liaison: '13910020001', handler: '刘洋' },
  { key: 'xicheng', name: '西城区', group: '区县', kind: 'district', liaison: '13910020002', handler: '赵磊' },
  { key: 'chaoyang', name: '朝阳区', group: '区县', kind: 'district', liaison: '13910020003', handler: '孙丽娜' },
  { key: 'haidian', name: '海淀区', group: '区县', kind: 'district', liaison: '13910020004', handler: '周建国' },
  { key: 'fengtai', name: '丰台区', group: '区县', kind: 'district', liaison: '13910020005', handler: '吴海燕' },
  { key: 'tongzhou', name: '通州区', group: '区县', kind: 'district', liaison: '13910020006', handler: '郑凯' },
  {
    key: 'zjw',
    name: '市住房和城乡建设委员会',
    group: '市直部门',
    kind: 'municipal',
    liaison: '13910020007',
    handler: '黄志强',
  },
  { key: 'jtw', name: '市交通委员会', group: '市直部门', kind: 'municipal', liaison: '13910020008', handler: '马晓东' },
  {
    key: 'scjgj',
    name: '市市场监督管理局',
    group: '市直部门',
    kind: 'municipal',
    liaison: '13910020009',
    handler: '胡静',
  },
  {
    key: 'rsj',
    name: '市人力资源和社会保障局',
    group: '市直部门',
    kind: 'municipal',
    liaison: '13910020010',
    handler: '林小梅',
  },
  { key: 'sthjj', name: '市生态环境局', group: '市直部门', kind: 'municipal', liaison: '13910020011', handler: '何伟' },
  {
    key: 'cgw',
    name: '市城市管理委员会',
    group: '市直部门',
    kind: 'municipal',
    liaison: '13910020012',
    handler: '高鹏',
  },
  {
    key: 'gjj',
    name: '市住房公积金管理中心',
    group: '市直部门',
    kind: 'municipal',
    liaison: '13910020013',
    handler: '罗芳',
  },
  // The city's tree (区 → 街道 → 社区) under 东城区 and 朝阳区.
  street('hepingli', '和平里街道', 'dongcheng', '宋佳', 1),
  street('dongsi', '东四街道', 'dongcheng', '韩冬', 2),
  street('chaoyangmen', '朝阳门街道', 'dongcheng', '冯雪', 3),
  street('wangjing', '望京街道', 'chaoyang', '曹宇', 4),
  street('jinsong', '劲松街道', 'chaoyang', '彭丽', 5),
  street('shuangjing', '双井街道', 'chaoyang', '董明', 6),
  community('hepingli7', '和平里七区社区', 'hepingli', '袁芳', 11),
  community('hepingli9', '和平里九区社区', 'hepingli', '邓涛', 12),
  community('dongsi6', '东四六条社区', 'dongsi', '许静', 13),
  community('nanzhugan', '南竹竿社区', 'chaoyangmen', '傅强', 14),
  community('wangjingxiyuan3', '望京西园三区社区', 'wangjing', '沈梅', 15),
  community('wangjingxiyuan4', '望京西园四区社区', 'wangjing', '曾亮', 16),
  community('jinsong5', '劲松五区社区', 'jinsong', '彭博', 17),
  community('jiulong', '九龙社区', 'shuangjing', '吕娜', 18),
  // A public enterprise (公共企事业单位): water supply answers for itself, outside the districts' tree.
  { key: 'water', name: '市自来水集团', group: '公共企事业单位', kind: 'enterprise', handler: '苏建华' },
];

export const DISTRICTS = DEPARTMENTS.filter((d) => d.group === '区县').map((d) => d.key);

export interface CategorySpec {
  name: string;
  /** The default department of the catalogue. */
  department: string;
  /**
   * Matters of a place (noise, rubbish, heating...) go to the district of the address, as the city dispatches them:
   * catalogue.csv marks them 属地 (territorial), so the district may pass them down to its streets and communities.
   */
  local: boolean;
}

export const CATEGORIES: CategorySpec[] = [
  { name: '噪音扰民', department: 'sthjj', local: true },
  { name: '施工扰民', department: 'zjw', local: true },
  { name: '物业管理', department: 'zjw', local: true },
  { name: '房屋租赁', department: 'zjw', local: true },
  { name: '公交运营', department: 'jtw', local: false },
  { name: '出租车服务', department: 'jtw', local: false },
  { name: '道路破损', department: 'jtw', local: true },
  { name: '公积金提取', department: 'gjj', local: false },
  { name: '劳动欠薪', department: 'rsj', local: false },
  { name: '社保缴纳', department: 'rsj', local: false },
  { name: '食品安全', department: 'scjgj', local: false },
  { name: '消费纠纷', department: 'scjgj', local: false },
  { name: '占道经营', department: 'cgw', local: true },
  { name: '垃圾清运', department: 'cgw', local: true },
  { name: '供暖问题', department: 'cgw', local: true },
  { name: '餐饮油烟', department: 'sthjj', local: true },
];

export interface Cast {
  operators: [Actor, Actor];
  supervisor: Actor;
  handlers: Record<string, Actor>;
  departments: Record<string, Department>;
  categories: Record<string, Category>;
}

/** The accounts of the README, in the order it lists them. */
export function demoAccounts(): { username: string; role: Role; department: string | null; display_name: string }[] {
  return [
    { username: 'admin', role: 'admin', department: null, display_name: '系统管理员' },
    { username: 'operator1', role: 'operator', department: null, display_name: '话务员 王晓燕' },
    { username: 'operator2', role: 'operator', department: null, display_name: '话务员 李静' },
    { username: 'supervisor1', role: 'supervisor', department: null, display_name: '督办员 陈志刚' },
    ...DEPARTMENTS.map((d) => ({
      username: `handler_${d.key}`,
      role: 'handler' as const,
      department: d.key,
      display_name: `${d.name} ${d.handler}`,
    })),
  ];
}

const actorOf = (u: { id: number; role: Actor['role']; department_id: number | null }): Actor => ({
  id: u.id,
  role: u.role,
  department_id: u.department_id,
});

export async function loadCatalogue(s: Services): Promise<Cast> {
  const departments: Record<string, Department> = {};
  for (const d of DEPARTMENTS) {
    departments[d.key] = await s.departments.create({
      name: d.name,
      group: d.group,
      email: `${d.key}@bj12345.example`,
      head_email: `${d.key}-head@bj12345.example`,
      kind: d.kind,
      parent_id: d.parent ? departments[d.parent].id : null,
      liaison_mobile: d.liaison ?? null,
    });
  }
  const categories: Record<string, Category> = {};
  for (const c of CATEGORIES) {
    categories[c.name] = await s.categories.create({ name: c.name, department_id: departments[c.department].id });
  }
  // The coded catalogue (server/demo/catalogue.csv) as version 1 from the setup day: the categories above take their
  // codes (same names, same ids), the levels above them and the gas and water leaves (life, utility tiers) are added.
  await s.catalogue.import(null, {
    csv: fs.readFileSync(new URL('./catalogue.csv', import.meta.url), 'utf8'),
    label: '2026版派单目录',
    note: '演示数据：按省级标准编码的三级派单目录',
  });
  for (const c of await s.categories.list()) categories[c.name] = c;
  // ADMIN_USERNAME=admin may already have made the administrator; its password is then the configured one.
  const existing = new Set((await s.users.list({ role: 'admin' })).map((u) => u.username));
  const wanted = demoAccounts().filter((a) => !existing.has(a.username));
  // One after the other, so every load gives every account the same id.
  const users: User[] = [];
  for (const a of wanted) {
    users.push(
      await s.users.create({
        username: a.username,
        password: DEMO_PASSWORD,
        display_name: a.display_name,
        role: a.role,
        department_id: a.department ? departments[a.department].id : null,
      }),
    );
  }
  const by = (name: string) => actorOf(users.find((u) => u.username === name)!);
  const handlers: Record<string, Actor> = {};
  for (const d of DEPARTMENTS) handlers[d.key] = by(`handler_${d.key}`);
  return {
    operators: [by('operator1'), by('operator2')],
    supervisor: by('supervisor1'),
    handlers,
    departments,
    categories,
  };
}
