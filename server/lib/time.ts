// Times as the API shows them: the database keeps UTC without a zone ('2026-01-05 08:00:00', db.ts), answers
// carry ISO 8601 with its Z. One function for every view, so no area writes its own copy.
import { fromDbTime } from './db.ts';

/** A database time (or Date) as ISO 8601 UTC; null (or undefined) stays null. */
export function iso(v: string | Date): string;
export function iso(v: string | Date | null | undefined): string | null;
export function iso(v: string | Date | null | undefined): string | null {
  return v ? fromDbTime(v)!.toISOString() : null;
}
