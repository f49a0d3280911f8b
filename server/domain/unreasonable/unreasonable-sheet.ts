// The month's judged unreasonable demands (不合理诉求) as a sheet of the department report's workbook, after the
// groups' sheets: which orders left the figures above, per unit, with kind, reason and who decided.
import type { Workbook } from 'exceljs';
import { nameOf, render } from '../../i18n/index.ts';
import type { UnreasonableReport } from './unreasonable.service.ts';

const HEADERS = [
  'unreasonable.unit',
  'unreasonable.number',
  'unreasonable.title',
  'unreasonable.kind',
  'unreasonable.reason',
  'unreasonable.decidedBy',
  'unreasonable.decidedAt',
] as const;

/** Beijing time as the sheet shows it: 2026-12-05 10:30. */
const beijing = (at: string | null) =>
  at ? new Date(Date.parse(at) + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ') : '';

/** Adds the sheet when the month has any; `taken` holds the sheet names already used (lower case). */
export function addUnreasonableSheet(wb: Workbook, report: UnreasonableReport, taken: Set<string>): void {
  if (!report.total) return;
  const base = render('figure.unreasonable', undefined, 'zh');
  let name = base;
  for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${base} (${n})`;
  const ws = wb.addWorksheet(name);
  ws.addRow([render('unreasonable.reportTitle', undefined, 'zh') + ` ${report.month}`]).font = { bold: true, size: 14 };
  ws.addRow(HEADERS.map((h) => render(h, undefined, 'zh'))).font = { bold: true };
  for (const u of report.units)
    for (const i of u.items)
      ws.addRow([
        u.department_name,
        i.number,
        i.title,
        i.kind ? nameOf('unreasonable.kind', i.kind, 'zh') : '',
        i.reason,
        i.decided_by_name ?? '',
        beijing(i.decided_at),
      ]);
  HEADERS.forEach((_, i) => (ws.getColumn(i + 1).width = [20, 18, 30, 26, 40, 14, 18][i]!));
}
