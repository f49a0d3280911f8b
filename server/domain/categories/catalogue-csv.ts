// Reading a catalogue CSV in the shape of a provincial standard (docs/rules/catalogue.md): the header
// code,name,parent_code,responsible_unit,duty_basis,severity_tier (any order), and optionally item_code (事项编码,
// either name; a file without it leaves the categories' item codes as they are), UTF-8 with or without its BOM, fields
// quoted when they hold commas, quotes or line breaks. csv-parse does the parsing; this file checks the rows and
// reports every problem with its line and column, so the administrator mends the file in one go.
import { parse } from 'csv-parse/sync';
import type { MessageKey, Params } from '../../lib/errors.ts';

export const CSV_COLUMNS = ['code', 'name', 'parent_code', 'responsible_unit', 'duty_basis', 'severity_tier'] as const;
type Column = (typeof CSV_COLUMNS)[number];
/** The optional column and the header names it goes by. */
const ITEM_CODE_HEADERS = ['item_code', '事项编码'];

export interface CsvRow {
  /** The file's line where the record begins (the header is line 1). */
  line: number;
  code: string;
  name: string;
  parent_code: string;
  responsible_unit: string;
  duty_basis: string;
  severity_tier: string;
  /** 事项编码: null when the file has no such column ('' when it has and the field is empty). */
  item_code: string | null;
}

export interface CsvProblem {
  line: number;
  column: string;
  key: MessageKey;
  params?: Params;
}

interface CsvError {
  code?: string;
  lines?: number;
  message: string;
}

/** The rows of the file, or the problems that keep it from being read as a table. */
export function readCsv(text: string): { rows: CsvRow[]; problems: CsvProblem[] } {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      bom: true,
      info: true,
      skip_empty_lines: true,
      trim: true,
      relax_column_count: true,
    }) as unknown as typeof records;
  } catch (err) {
    const e = err as CsvError;
    if (!e.code?.startsWith('CSV_')) throw err;
    const line = e.lines ?? 1;
    // csv-parse's own wording after its code, without the "at line N" it repeats.
    const reason = e.message.replace(/ at line \d+.*$/s, '');
    return { rows: [], problems: [{ line, column: '', key: 'catalogue.csvSyntax', params: { line, reason } }] };
  }
  if (!records.length) return { rows: [], problems: [{ line: 1, column: '', key: 'catalogue.csvEmpty' }] };
  const header = records[0].record.map((h) => h.toLowerCase());
  const itemAt = header.findIndex((h) => ITEM_CODE_HEADERS.includes(h));
  const problems: CsvProblem[] = [];
  for (const column of CSV_COLUMNS) {
    if (!header.includes(column))
      problems.push({ line: 1, column, key: 'catalogue.headerMissing', params: { column } });
  }
  for (const column of header) {
    if (!(CSV_COLUMNS as readonly string[]).includes(column) && !ITEM_CODE_HEADERS.includes(column)) {
      problems.push({ line: 1, column, key: 'catalogue.headerUnknown', params: { column } });
    }
  }
  if (problems.length) return { rows: [], problems };
  const at = Object.fromEntries(CSV_COLUMNS.map((c) => [c, header.indexOf(c)])) as Record<Column, number>;
  const rows = records.slice(1).map(({ record, info }) => {
    // info.lines is the line where the record ends; a quoted field may span lines.
    const breaks = record.reduce((n, f) => n + (f.match(/\n/g)?.length ?? 0), 0);
    const field = (c: Column) => record[at[c]] ?? '';
    return {
      line: info.lines - breaks,
      code: field('code'),
      name: field('name'),
      parent_code: field('parent_code'),
      responsible_unit: field('responsible_unit'),
      duty_basis: field('duty_basis'),
      severity_tier: field('severity_tier'),
      item_code: itemAt < 0 ? null : (record[itemAt] ?? ''),
    };
  });
  if (!rows.length) problems.push({ line: 1, column: '', key: 'catalogue.csvEmpty' });
  return { rows, problems };
}

/** What a written row holds: a version's entry, its item code being the entry's or, failing that, its category's. */
export interface CsvEntry {
  code: string;
  name: string;
  parent_code: string | null;
  department_name: string | null;
  territorial: boolean;
  duty_basis: string | null;
  severity_tier: string | null;
  item_code: string | null;
}

// A cell that starts like a formula (=, +, @, a tab or CR, or '-' before anything but a code) is text to a
// spreadsheet; a code or item code is written as it is, so the file reads back the same.
const cell = (v: string | null) => {
  let s = v ?? '';
  if (/^[=+@\t\r]/.test(s) || (/^-/.test(s) && !/^[0-9A-Za-z-]+$/.test(s))) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** A version as a file `readCsv` reads back: the import's columns and item_code, UTF-8 with a BOM, CRLF. */
export function writeCsv(entries: CsvEntry[]): string {
  const lines = [[...CSV_COLUMNS, 'item_code'].join(',')];
  for (const e of entries) {
    const unit = e.territorial ? '属地' : e.department_name;
    lines.push([e.code, e.name, e.parent_code, unit, e.duty_basis, e.severity_tier, e.item_code].map(cell).join(','));
  }
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}
