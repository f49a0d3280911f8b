// The rules an imported catalogue must keep (docs/rules/catalogue.md), checked on every row before anything is
// stored: codes of letters and digits, each once; a parent code that is in the file; at most three levels; names
// once (a category's name is unique, so one already held by another code is refused); a leaf names an active
// responsible unit (by name or id), or 属地 (the unit of the place), and a severity tier.
import type { Executor } from '../../lib/db.ts';
import type { CsvProblem, CsvRow } from './catalogue-csv.ts';
import { ITEM_CODE } from './item-code.ts';

export interface CheckedEntry {
  line: number;
  code: string;
  name: string;
  parent_code: string | null;
  level: number;
  department_id: number | null;
  /** 属地: the unit of the place is responsible (department_id null), not one named department. */
  territorial: boolean;
  duty_basis: string | null;
  severity_tier: string | null;
  /** 事项编码; null when the file gives none (the category keeps its own). */
  item_code: string | null;
  /** The category this code already is (by code, or an uncoded category of the same name), if any. */
  category_id: number | null;
}

const CODE = /^[0-9A-Za-z]{1,32}$/;
const MAX_LEVELS = 3;
/** What the responsible_unit column says for a territorial duty (the standard's word, and its English). */
const TERRITORIAL = new Set(['属地', 'territorial']);

export async function checkRows(
  db: Executor,
  rows: CsvRow[],
  tiers: readonly string[],
): Promise<{ entries: CheckedEntry[]; problems: CsvProblem[] }> {
  const problems: CsvProblem[] = [];
  const problem = (p: CsvProblem) => problems.push(p);
  const units = await db('departments').where('active', true).select('id', 'name');
  const unitByName = new Map(units.map((u) => [String(u.name), Number(u.id)]));
  const unitIds = new Set(units.map((u) => Number(u.id)));
  const categories = await db('categories').select('id', 'name', 'code');
  const categoryByCode = new Map(categories.filter((c) => c.code).map((c) => [String(c.code), c]));
  const categoryByName = new Map(categories.map((c) => [String(c.name), c]));

  const firstLine = new Map<string, number>();
  const nameLine = new Map<string, number>();
  for (const r of rows) {
    const { line } = r;
    if (!r.code) problem({ line, column: 'code', key: 'catalogue.required', params: { line, column: 'code' } });
    else if (!CODE.test(r.code)) problem({ line, column: 'code', key: 'catalogue.codeFormat', params: { line } });
    else if (firstLine.has(r.code)) {
      const params = { line, code: r.code, first: firstLine.get(r.code)! };
      problem({ line, column: 'code', key: 'catalogue.codeRepeated', params });
    } else firstLine.set(r.code, line);
    if (!r.name) problem({ line, column: 'name', key: 'catalogue.required', params: { line, column: 'name' } });
    else if (nameLine.has(r.name)) {
      const params = { line, name: r.name, first: nameLine.get(r.name)! };
      problem({ line, column: 'name', key: 'catalogue.nameRepeated', params });
    } else nameLine.set(r.name, line);
    for (const [column, max] of [
      ['name', 100],
      ['duty_basis', 500],
    ] as const) {
      if (r[column].length > max) problem({ line, column, key: 'catalogue.tooLong', params: { line, column, max } });
    }
    if (r.item_code && !ITEM_CODE.test(r.item_code)) {
      problem({ line, column: 'item_code', key: 'catalogue.itemCodeFormat', params: { line } });
    }
  }

  const byCode = new Map(rows.filter((r) => firstLine.get(r.code) === r.line).map((r) => [r.code, r]));
  const parents = new Set(rows.map((r) => r.parent_code).filter(Boolean));
  const entries: CheckedEntry[] = [];
  for (const r of rows) {
    const { line } = r;
    // The level is the length of the chain of parents; a chain that loops or goes past three is refused.
    let level = 1;
    let parent = r.parent_code;
    const seen = new Set([r.code]);
    while (parent && level <= MAX_LEVELS + 1) {
      const p = byCode.get(parent);
      if (!p) {
        if (parent === r.parent_code) {
          problem({ line, column: 'parent_code', key: 'catalogue.noSuchParent', params: { line, code: parent } });
        }
        break;
      }
      if (seen.has(p.code)) {
        problem({ line, column: 'parent_code', key: 'catalogue.parentLoop', params: { line } });
        break;
      }
      seen.add(p.code);
      level += 1;
      parent = p.parent_code;
    }
    if (level > MAX_LEVELS) problem({ line, column: 'parent_code', key: 'catalogue.tooDeep', params: { line } });

    const leaf = !parents.has(r.code);
    let department_id: number | null = null;
    const territorial = TERRITORIAL.has(r.responsible_unit.toLowerCase());
    if (territorial) {
      // No one unit: the district, street or community of the address answers for it.
    } else if (r.responsible_unit) {
      const asId = /^\d+$/.test(r.responsible_unit) ? Number(r.responsible_unit) : null;
      department_id = unitByName.get(r.responsible_unit) ?? (asId !== null && unitIds.has(asId) ? asId : null);
      if (department_id === null) {
        const params = { line, unit: r.responsible_unit };
        problem({ line, column: 'responsible_unit', key: 'catalogue.noSuchUnit', params });
      }
    } else if (leaf) {
      problem({ line, column: 'responsible_unit', key: 'catalogue.leafNeedsUnit', params: { line } });
    }
    if (r.severity_tier && !tiers.includes(r.severity_tier)) {
      const params = { line, tier: r.severity_tier, tiers: [...tiers] };
      problem({ line, column: 'severity_tier', key: 'catalogue.noSuchTier', params });
    } else if (!r.severity_tier && leaf) {
      problem({ line, column: 'severity_tier', key: 'catalogue.leafNeedsTier', params: { line } });
    }

    // Upsert by code; an uncoded category of the same name (made before the catalogue was coded) takes the code.
    const sameCode = categoryByCode.get(r.code);
    const sameName = categoryByName.get(r.name);
    let category_id: number | null = sameCode ? Number(sameCode.id) : null;
    if (!sameCode && sameName && !sameName.code) category_id = Number(sameName.id);
    else if (sameName && Number(sameName.id) !== category_id) {
      const params = { line, name: r.name, code: sameName.code ?? '—' };
      problem({ line, column: 'name', key: 'catalogue.nameTaken', params });
    }
    entries.push({
      line,
      code: r.code,
      name: r.name,
      parent_code: r.parent_code || null,
      level: Math.min(level, MAX_LEVELS),
      department_id,
      territorial,
      duty_basis: r.duty_basis || null,
      severity_tier: r.severity_tier || null,
      item_code: r.item_code || null,
      category_id,
    });
  }
  return { entries, problems };
}
