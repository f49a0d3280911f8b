// The intake form's 所属区域 (docs/rules/intake.md "Location"): the active districts, streets and communities of the
// unit tree, each under its parent and indented by level. Left at 按地址识别, the server recognises the area from the
// address.
import { h } from '../ui/dom.ts';
import { say } from '../i18n.ts';
import type { Department } from '../ui/data.ts';

/** The field's label and the picker's first choice, from the shared catalogue (server/i18n/location.ts). */
export const areaWord = (key: 'field.area' | 'area.recognise') => say(key) ?? key;

const TERRITORIAL = new Set(['district', 'street', 'community']);

/** Tree order: a parent before its children, siblings by id (the path's ids compared one by one). */
function byPath(a: Department, b: Department): number {
  for (let i = 0; i < Math.min(a.path.length, b.path.length); i++)
    if (a.path[i] !== b.path[i]) return a.path[i] - b.path[i];
  return a.path.length - b.path.length;
}

export function areaSelect(departments: Department[]): HTMLSelectElement {
  const units = departments.filter((d) => d.active && TERRITORIAL.has(d.kind)).sort(byPath);
  // Depth counts from the top-level unit; the first territorial level shows flush left.
  const top = Math.min(...units.map((d) => d.depth));
  return h(
    'select',
    { name: 'area_unit_id', id: 'area_unit_id', 'data-type': 'number' },
    h('option', { value: '' }, areaWord('area.recognise')),
    units.map((d) => h('option', { value: String(d.id) }, '\u3000'.repeat(d.depth - top) + d.name)),
  );
}
