// The configured numbers the pages word their rules with (GET /settings/public): how many working days a return
// or an extension may take, who is ranked on the board. Asked once per page; the page never hard-codes them.
import { get } from '../api.ts';

export interface PublicSettings {
  return_within_workdays: number;
  max_extension_workdays: number;
  auto_close_days: number;
  unreasonable_kinds: string[];
  leaderboard: { min_sample: number; list_size: number; min_ranked: number };
}

let loaded: Promise<PublicSettings> | null = null;

export function publicSettings(): Promise<PublicSettings> {
  loaded ??= get<PublicSettings>('/settings/public').catch((err) => {
    loaded = null;
    throw err;
  });
  return loaded;
}

/** A page's message with its {name}s filled in from the settings (or any values). */
export const withValues = (text: string, values: Record<string, string | number>): string =>
  text.replace(/\{(\w+)\}/g, (whole, k: string) => (k in values ? String(values[k]) : whole));

/** The board's numbers under the names the page messages use. */
export const boardValues = (s: PublicSettings) => ({
  minSample: s.leaderboard.min_sample,
  listSize: s.leaderboard.list_size,
  minRanked: s.leaderboard.min_ranked,
});
