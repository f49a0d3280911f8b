// How a category reads in a picker (docs/rules/catalogue.md): a coded leaf as its code, its name and the path above
// it ("010101 物业管理（城乡建设 / 住房管理）"), the name first so a narrow select still shows it; one never coded by
// its name alone.
import type { Category } from './data.ts';

export function categoryLabel(c: Category): string {
  if (!c.code) return c.name;
  const above = (c.path ?? c.name).split(' / ').slice(0, -1);
  return above.length ? `${c.code} ${c.name}（${above.join(' / ')}）` : `${c.code} ${c.name}`;
}

/** The active leaves an order is filed under, in the catalogue's order (by code), uncoded ones after them. */
export function pickable(all: Category[]): Category[] {
  const order = (c: Category) => c.code ?? `~${String(c.id).padStart(9, '0')}`;
  return all.filter((c) => c.active && c.leaf !== false).sort((a, b) => (order(a) < order(b) ? -1 : 1));
}
