export const CHANNELS = ['phone', 'web', 'wechat', 'upstream', 'review'] as const;
export const TYPES = ['inquiry', 'help', 'complaint', 'report', 'suggestion', 'praise', 'rectification'] as const;
export const URGENCIES = ['normal', 'urgent'] as const;
export const STATUSES = ['received', 'dispatched', 'accepted', 'suspended', 'replied', 'closed', 'merged'] as const;
export const CARDS = ['none', 'yellow', 'red'] as const;
// unreasonable: 不合理诉求 (unreasonable.service.ts), decided like the others, out of the figures once approved.
export const REQUEST_KINDS = ['return', 'extension', 'suspension', 'unreasonable'] as const;

export type Channel = (typeof CHANNELS)[number];
export type TicketType = (typeof TYPES)[number];
export type Urgency = (typeof URGENCIES)[number];
export type Status = (typeof STATUSES)[number];
export type Card = (typeof CARDS)[number];
export type RequestKind = (typeof REQUEST_KINDS)[number];

/** Statuses in which a department holds the ticket and its deadlines run (or are frozen). */
export const ASSIGNED: readonly Status[] = ['dispatched', 'accepted', 'suspended'];
export const OPEN: readonly Status[] = ['received', 'dispatched', 'accepted', 'suspended', 'replied'];

/**
 * A ticket at the hotline and with no department: a new one, or one recalled or returned. No department holds it, so
 * it has no assignment, no deadlines and no signature.
 */
export const AT_HOTLINE = {
  status: 'received',
  department_id: null,
  assignment_id: null,
  sign_deadline_at: null,
  sign_yellow_at: null,
  due_at: null,
  due_yellow_at: null,
  signed_at: null,
} as const;

/** What a ticket just created has not had yet: a reply, a close, a pause, a merge, a reopening or a change. */
export const UNWORKED = {
  replied_at: null,
  closed_at: null,
  suspended_at: null,
  resolution: null,
  merged_into_id: null,
  reopen_count: 0,
  version: 1,
} as const;

/** A ticket row as stored; times are UTC strings (server/lib/db.ts). */
export interface TicketRow {
  id: number;
  number: string;
  channel: Channel;
  type: TicketType;
  urgency: Urgency;
  title: string;
  description: string;
  category_id: number | null;
  address: string | null;
  caller_name: string | null;
  caller_phone: string | null;
  confidential: boolean | number;
  status: Status;
  department_id: number | null;
  assignment_id: number | null;
  sign_deadline_at: string | null;
  sign_yellow_at: string | null;
  due_at: string | null;
  due_yellow_at: string | null;
  signed_at: string | null;
  replied_at: string | null;
  closed_at: string | null;
  suspended_at: string | null;
  resolution: string | null;
  merged_into_id: number | null;
  reopen_count: number;
  created_by: number | null;
  call_id: number | null;
  version: number;
  created_at: string;
  updated_at: string;
  /** The next escalation step's moment (escalations/escalation-schedule.ts); null when none is pending. */
  next_escalation_at?: string | null;
  /** When it last came back to the dispatch queue (approved return, recall); null: waiting since created_at. */
  queued_at?: string | null;
  /** Its deadlines were computed on days of a year with no official schedule (calendar/unconfirmed-deadlines.ts). */
  deadline_unconfirmed?: boolean | number;
  /** Failed callback attempts (回访未成功) on the current assignment (ticket-callback.ts). */
  callback_failures?: number;
  /** Six digits texted to the caller on acceptance; the progress look-up (/track) asks for them. */
  query_code?: string | null;
  /** The address's street ending, set on insert: what duplicates look up by place (place.ts). */
  place_key?: string | null;
  /** Flagged a repeat demand at creation, by this rule (repeat-demands.ts); null: not a repeat. */
  repeat_rule?: 'phone' | 'place' | null;
  /** Its changes are posted to peers (ticket_feeds: the upstream that sent it, a linkage partner). */
  peer_feed?: boolean | number;
  /** The territorial unit it lies in, picked or recognised from the address (ticket-area.ts). */
  area_unit_id?: number | null;
  /** The map point; decimals, read as strings on MariaDB. */
  lat?: number | string | null;
  lng?: number | string | null;
}

export interface RequestRow {
  id: number;
  ticket_id: number;
  assignment_id: number | null;
  kind: RequestKind;
  status: 'pending' | 'approved' | 'rejected' | 'cancelled';
  reason: string;
  days: number | null;
  /** kind unreasonable: the configured kind the handler named (config unreasonable.kinds). */
  unreasonable_kind?: string | null;
  requested_by: number | null;
  decided_by: number | null;
  decided_at: string | null;
  created_at: string;
}

export interface AssignmentRow {
  id: number;
  ticket_id: number;
  department_id: number;
  is_redo: boolean | number;
  dispatched_at: string;
  sign_deadline_at: string;
  due_at: string;
  signed_at: string | null;
  replied_at: string | null;
  ended_at: string | null;
  /** taken_back: the parent unit took a passed-down order back (转派收回). */
  end_reason: 'replied' | 'returned' | 'merged' | 'recalled' | 'taken_back' | 'closed' | null;
  extended_days: number;
  /** The ticket's category when it was dispatched: what the report by category counts it under. */
  category_id: number | null;
  /** 先联系后办理: the department's first contact with the resident during this assignment. */
  contacted_at?: string | null;
  /** How the first successful contact was made (phone, sms, visit, other) and its outcome (reached). */
  contact_means?: string | null;
  contact_outcome?: string | null;
  /** The assignment this one works under: null for the hotline's dispatch (role 'main'). */
  parent_id?: number | null;
  /** main: dispatched by the hotline; down: passed down to a unit below (转派); co: a co-handling unit (协办). */
  role?: AssignmentRole;
  /** The reply a 'down' or 'co' unit gives its parent. */
  reply?: string | null;
  /** 指定: designated by a supervisor after disputed returns; may not return the order again. */
  designated?: boolean | number;
  /** 不合理诉求: when a supervisor judged it unreasonable; out of every figure from then on (figures-recorder.ts). */
  unreasonable_at?: string | null;
  /** The catalogue version in force at dispatch (docs/rules/catalogue.md): the dispatch is judged by it. */
  catalogue_version_id?: number | null;
}

export const ASSIGNMENT_ROLES = ['main', 'down', 'co'] as const;
export type AssignmentRole = (typeof ASSIGNMENT_ROLES)[number];
