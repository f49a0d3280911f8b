// The records of hot spots (docs/rules/hot-spots.md), shared by the surge job, the warnings' life, the map and the
// bulletin's monthly analysis.

/** open → acknowledged (已确认) → assigned (已交办) → closed (已办结); acknowledged may be skipped, closed is final. */
export const SURGE_STATUSES = ['open', 'acknowledged', 'assigned', 'closed'] as const;
export type SurgeStatus = (typeof SURGE_STATUSES)[number];

/** category_id of the area_daily_counts rows that count every order of an area (the map's shading). */
export const ALL_CATEGORIES = 0;

export interface AreaDailyCountRow {
  area_unit_id: number;
  /** ALL_CATEGORIES for every order of the area. */
  category_id: number;
  /** Beijing day, YYYY-MM-DD. */
  day: string;
  count: number;
}

export interface SurgeWarningRow {
  id: number;
  area_unit_id: number;
  category_id: number;
  /** The Beijing day the surge was first found, and the last day it was still above its limit. */
  first_day: string;
  last_day: string;
  /** Orders of the area and category on the warning's days above the limit; peak: the most on one day. */
  count: number;
  peak: number;
  /** The expected orders per day before first_day, and the count from which a day is a surge. */
  baseline: number;
  control_limit: number;
  status: SurgeStatus;
  assigned_unit_id: number | null;
  assign_note: string | null;
  resolution: string | null;
  acknowledged_by: number | null;
  acknowledged_at: Date | null;
  assigned_by: number | null;
  assigned_at: Date | null;
  closed_by: number | null;
  closed_at: Date | null;
  version: number;
  created_at: Date;
  updated_at: Date;
}

/** What one run of the surge job did (the benchmark prints it). */
export interface SurgeRunResult {
  /** The days scanned, oldest first (a catch-up scans every day since the last finalized one). */
  days: string[];
  /** Orders read from tickets (the cost the job is proportional to). */
  orders: number;
  /** Area × category pairs tested. */
  pairs: number;
  /** Warnings raised (new) and extended (an open one's last_day moved). */
  raised: number;
  extended: number;
}

export interface AreaMapRow {
  id: number;
  name: string;
  geojson: string;
  features: number;
  uploaded_by: number | null;
  created_at: Date;
}
