// Reference lists every staff page needs (departments, categories), read once per page, and query strings.
import { get } from '../api.ts';

export interface Department {
  id: number;
  name: string;
  group: string;
  email: string | null;
  head_email: string | null;
  active: boolean;
  /** Its place in the tree of units (docs/api.md "Administration"): 市直部门, 区县, 街道, 社区 or 公共企事业单位. */
  kind: 'municipal' | 'district' | 'street' | 'community' | 'enterprise';
  parent_id: number | null;
  parent_name: string | null;
  depth: number;
  path: number[];
  /** Masked in the list (139****0001); the administrator's read of one unit shows it whole. */
  liaison_mobile: string | null;
}
export interface Category {
  id: number;
  name: string;
  department_id: number | null;
  active: boolean;
  /** The coded catalogue (docs/rules/catalogue.md): null for a category no import has coded. */
  code?: string | null;
  /** 城乡建设 / 住房管理 / 物业管理 */
  path?: string;
  leaf?: boolean;
  severity_tier?: string;
  /** 属地: the unit of the place answers for it (department_id null). */
  territorial?: boolean;
  /** 事项编码 (ratings to the province carry it; edited on the catalogue tab). */
  item_code?: string | null;
}

/** ?a=1&b=x, leaving out empty values. */
export function qs(params: Record<string, string | number | boolean | null | undefined>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
}

let departments: Promise<Department[]> | null = null;
let categories: Promise<Category[]> | null = null;

export const loadDepartments = (fresh = false) =>
  fresh || !departments ? (departments = get<Department[]>('/departments')) : departments;
export const loadCategories = (fresh = false) =>
  fresh || !categories ? (categories = get<Category[]>('/categories')) : categories;

/** id -> name, for showing a department or category in a row. */
export async function names(which: 'departments' | 'categories'): Promise<Map<number, string>> {
  const rows: Array<{ id: number; name: string }> =
    which === 'departments' ? await loadDepartments() : await loadCategories();
  return new Map(rows.map((r) => [r.id, r.name]));
}
