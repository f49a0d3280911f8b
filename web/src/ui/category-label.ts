// How a category reads in a picker (docs/rules/catalogue.md): a coded leaf as its code and full path
// ("010101 城乡建设 / 住房管理 / 物业管理"), so the operator sees where it sits in the tree; one never coded by its name.
import type { Category } from './data.ts';

export const categoryLabel = (c: Category): string => (c.code ? `${c.code} ${c.path ?? c.name}` : c.name);

/** The active leaves an order is filed under, in the catalogue's order (by code), uncoded ones after them. */
export function pickable(all: Category[]): Category[] {
  const order = (c: Category) => c.code ?? `~${String(c.id).padStart(9, '0')}`;
  return all.filter((c) => c.active && c.leaf !== false).sort((a, b) => (order(a) < order(b) ? -1 : 1));
}
