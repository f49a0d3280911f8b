// Reference lists every staff page needs (departments, categories), read once per page, and query strings.
import { get } from '../api.ts';

export interface Department {
  id: number;
  name: string;
  group: string;
  email: string | null;
  head_email: string | null;
  active: boolean;
}
export interface Category {
  id: number;
  name: string;
  department_id: number | null;
  active: boolean;
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
