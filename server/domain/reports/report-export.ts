// The department report as files: .xlsx (a sheet per group, Chinese headers, percentages formatted) and .csv
// (UTF-8 with BOM so Excel opens it in Chinese). Both take the figures from the one figures module, and both end
// with a total row: the departments listed added up as one (FiguresService.totalOf), never an average of rates.
import type { DepartmentFigures } from '../figures/figures.service.ts';
import type { Rates } from '../figures/rates.ts';
import { nameOf, render, type MessageKey } from '../../i18n/index.ts';
import { addUnreasonableSheet } from '../unreasonable/unreasonable-sheet.ts';
import type { UnreasonableReport } from '../unreasonable/unreasonable.service.ts';
import type { Worksheet } from 'exceljs';

type Row = Rates & { name: string; group: string; kind?: string; parent?: string };

// The headers are the catalogue's names of the figures (server/i18n), in Chinese.
const zh = (key: MessageKey) => render(key, undefined, 'zh');
const figure = (key: keyof Row, rate?: boolean) => ({ key, header: nameOf('figure', key, 'zh'), rate });
const COLUMNS: Array<{ key: keyof Row; header: string; rate?: boolean }> = [
  { key: 'name', header: zh('report.department') },
  { key: 'group', header: zh('report.group') },
  figure('received'),
  figure('sign_timely_rate', true),
  figure('completion_rate', true),
  figure('on_time_rate', true),
  figure('satisfaction_rate', true),
  figure('rectification_rate', true),
  figure('return_rate', true),
  figure('redo_rate', true),
  // The three rates (响应率, 解决率 beside 满意率) and the callback rate (回访率).
  figure('response_rate', true),
  figure('resolution_rate', true),
  figure('callback_rate', true),
  // Supervision orders (督办) issued to the department in the period: a count beside the rates.
  { key: 'supervised', header: zh('report.supervised') },
  // The unit's place in the tree: its kind and the unit above it (the name is indented by level). Last, so the
  // figures keep their columns.
  { key: 'kind', header: zh('report.kind') },
  { key: 'parent', header: zh('report.parent') },
];

export const TOTAL_LABEL = zh('report.total');

/** `totalOf` adds departments up (FiguresService.totalOf, or each order once with units below). */
export type Totaller = (rows: DepartmentFigures[]) => Rates;

/**
 * What the files draw (FiguresService.exportView): each unit's own figures in tree order; with scope tree, each
 * unit's figures with its units below (a subtotal row after them) and a totaller counting each order once.
 */
export interface ReportView {
  rows: DepartmentFigures[];
  trees: ReadonlyMap<number, Rates> | null;
  totalOf: Totaller;
  names: ReadonlyMap<number, string>;
  paths: ReadonlyMap<number, readonly number[]>;
  withUnitsBelow: ReadonlySet<number>;
}

const totalRow = (rows: DepartmentFigures[], totalOf: Totaller, group: string): Row => ({
  ...totalOf(rows),
  name: TOTAL_LABEL,
  group,
});

/**
 * The lines of some units in tree order: each unit's own figures, its name indented by its level (a full-width
 * space a level), and with scope tree the subtotal of a unit with units below after the last of them listed (or
 * right after the unit when they sit in another group's sheet).
 */
function treeLines(view: ReportView, rows: DepartmentFigures[]): Array<{ row: Row; subtotal: boolean }> {
  const out: Array<{ row: Row; subtotal: boolean }> = [];
  const open: DepartmentFigures[] = [];
  const close = (r: DepartmentFigures) =>
    out.push({
      row: {
        ...view.trees!.get(r.department_id)!,
        name: render('report.subtotal', { name: r.name }, 'zh'),
        group: r.group,
      },
      subtotal: true,
    });
  for (const r of rows) {
    const path = view.paths.get(r.department_id) ?? [r.department_id];
    while (open.length && !path.includes(open.at(-1)!.department_id)) close(open.pop()!);
    out.push({
      row: {
        ...r,
        name: '\u3000'.repeat(r.depth) + r.name,
        kind: nameOf('unitKind', r.kind, 'zh'),
        parent: r.parent_id ? (view.names.get(r.parent_id) ?? '') : '',
      },
      subtotal: false,
    });
    if (view.trees?.has(r.department_id) && view.withUnitsBelow.has(r.department_id)) open.push(r);
  }
  while (open.length) close(open.pop()!);
  return out;
}

/** At most `max` UTF-16 units (what Excel counts), never splitting an emoji. */
function cut(text: string, max: number): string {
  let out = '';
  for (const ch of text) {
    if (out.length + ch.length > max) break;
    out += ch;
  }
  return out;
}

// eslint-disable-next-line no-control-regex -- control characters are what it finds: a sheet name cannot hold them
const CONTROL_CHARACTERS = /[\u0000-\u001f]/g;

/**
 * Excel's rules for a sheet name (a group's name is free text): none of * ? : \ / [ ], no leading or trailing
 * apostrophe, not empty, not "History" (reserved), at most 31 characters, unique regardless of case. The group's
 * own name stays in its rows' 分组 column.
 */
export function sheetNames(groups: string[]): Map<string, string> {
  const taken = new Set<string>(['history']);
  const out = new Map<string, string>();
  for (const group of groups) {
    const base =
      cut(
        group
          .replace(/[*?:\\/[\]]/g, '_')
          .replace(CONTROL_CHARACTERS, ' ')
          .trim()
          .replace(/^'+|'+$/g, ''),
        31,
      ) || zh('report.group');
    let name = base;
    for (let n = 2; taken.has(name.toLowerCase()); n++) {
      const suffix = ` (${n})`;
      name = cut(base, 31 - suffix.length) + suffix;
    }
    taken.add(name.toLowerCase());
    out.set(group, name);
  }
  return out;
}

/** `judged`: the month's unreasonable demands (不合理诉求), a sheet of their own after the groups' when any. */
export async function reportXlsx(title: string, view: ReportView, judged?: UnreasonableReport): Promise<Buffer> {
  const { rows, totalOf } = view;
  // Loaded on the first export, not at start: exceljs alone holds some 20 MB
  // resident (docs/benchmarks.md: under 200 MB).
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Hotline';
  const groups = [...new Set(rows.map((r) => r.group))].sort();
  const names = sheetNames(groups);
  // One style object per kind of cell, shared by its cells: exceljs keeps a style's id by its object, so a shared
  // one is rendered once. A row's font and a column's number format give every cell a style object of its own,
  // each rendered to XML: a 60-unit report took p50 5.6-8.5 ms so, 3.6 shared. Per workbook, as exceljs may keep
  // them. Never set through a cell's setters (cell.font = ...), which would change every cell sharing it.
  const [bold, italic, numFmt] = [{ bold: true }, { italic: true }, '0.0%'];
  const styles = {
    plain: { text: {}, rate: { numFmt } },
    bold: { text: { font: bold }, rate: { numFmt, font: bold } },
    italic: { text: { font: italic }, rate: { numFmt, font: italic } },
  };
  const add = (ws: Worksheet, values: unknown[], kind: keyof typeof styles) =>
    ws.addRow(values).eachCell((cell, i) => (cell.style = styles[kind][COLUMNS[i - 1].rate ? 'rate' : 'text']));
  for (const group of groups) {
    const ws = wb.addWorksheet(names.get(group)!);
    ws.addRow([title]).font = { bold: true, size: 14 };
    add(
      ws,
      COLUMNS.map((c) => c.header),
      'bold',
    );
    const inGroup = rows.filter((x) => x.group === group);
    // A rate with no denominator stays empty, shown as "—": never 0% or 100%.
    const line = (r: Row) => COLUMNS.map((c) => (c.rate ? ((r[c.key] as number | null) ?? '—') : r[c.key]));
    for (const { row, subtotal } of treeLines(view, inGroup)) add(ws, line(row), subtotal ? 'italic' : 'plain');
    add(ws, line(totalRow(inGroup, totalOf, group)), 'bold');
    COLUMNS.forEach((_, i) => (ws.getColumn(i + 1).width = i === 0 ? 28 : 12));
  }
  if (judged) addUnreasonableSheet(wb, judged, new Set([...names.values()].map((n) => n.toLowerCase())));
  return Buffer.from(await wb.xlsx.writeBuffer({ zip: zipOptions(rows.length) }));
}

/**
 * A report of a few hundred units is stored, not deflated: each of the workbook's dozen parts sets up a deflater of
 * its own (pako, in JavaScript), a third of the time of a 60-unit report (p50 8-11 ms deflated, 5-7 ms stored),
 * for 19 KB instead of 64. A city's thousands of communities are deflated, at the fastest level.
 */
export function zipOptions(units: number) {
  return units < STORED_UP_TO
    ? { compression: 'STORE' as const }
    : { compression: 'DEFLATE' as const, compressionOptions: { level: 1 } };
}
const STORED_UP_TO = 500;

const percent = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);
const csvCell = (v: unknown) => {
  let s = String(v ?? '');
  // A name that starts like a formula (=HYPERLINK(...), +, -, @, tab, CR) is text to a spreadsheet, not a formula.
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

export function reportCsv(view: ReportView, group = ''): string {
  const lines = [COLUMNS.map((c) => c.header).join(',')];
  const line = (r: Row) =>
    COLUMNS.map((c) => csvCell(c.rate ? percent(r[c.key] as number | null) : r[c.key])).join(',');
  for (const { row } of treeLines(view, view.rows)) lines.push(line(row));
  lines.push(line(totalRow(view.rows, view.totalOf, group)));
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}
