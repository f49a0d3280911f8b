// Reading a catalogue CSV in the shape of a provincial standard (docs/rules/catalogue.md): the header
// code,name,parent_code,responsible_unit,duty_basis,severity_tier (any order), UTF-8 with or without its BOM, fields
// quoted when they hold commas, quotes or line breaks. csv-parse does the parsing; this file checks the rows and
// reports every problem with its line and column, so the administrator mends the file in one go.
import { parse } from 'csv-parse/sync';
import type { MessageKey, Params } from '../../lib/errors.ts';

export const CSV_COLUMNS = ['code', 'name', 'parent_code', 'responsible_unit', 'duty_basis', 'severity_tier'] as const;
type Column = (typeof CSV_COLUMNS)[number];

export interface CsvRow {
  /** The file's line where the record begins (the header is line 1). */
  line: number;
  code: string;
  name: string;
  parent_code: string;
  responsible_unit: string;
  duty_basis: string;
  severity_tier: string;
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
  const problems: CsvProblem[] = [];
  for (const column of CSV_COLUMNS) {
    if (!header.includes(column))
      problems.push({ line: 1, column, key: 'catalogue.headerMissing', params: { column } });
  }
  for (const column of header) {
    if (!(CSV_COLUMNS as readonly string[]).includes(column)) {
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
    };
  });
  if (!rows.length) problems.push({ line: 1, column: '', key: 'catalogue.csvEmpty' });
  return { rows, problems };
}
