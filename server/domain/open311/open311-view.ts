// What the public Open311 API shows of a service and of a request (the JSON Schemas in
// test/fixtures/open311/georeport-v2/). Nothing of the caller ever appears here: no name, no phone, no email.
import { fromDbTime } from '../../lib/db.ts';
import type { Status } from '../tickets/ticket.types.ts';
import type { RequestRead } from './open311.repository.ts';
import { bilingual } from '../../i18n/index.ts';

const OFFSET_MS = 8 * 3600_000;

/** W3C date-time in Asia/Shanghai local time with its offset, e.g. 2026-11-22T10:05:00+08:00. */
export function w3cTime(v: string | null): string | null {
  if (!v) return null;
  return `${new Date(fromDbTime(v)!.getTime() + OFFSET_MS).toISOString().slice(0, 19)}+08:00`;
}

/** Open311 knows two states: a merged order (并单) is closed as far as its own request goes. */
const CLOSED: readonly Status[] = ['closed', 'merged'];

/** GeoReport limits a description to 4,000 characters; a ticket's may be longer. */
function clip(s: string, max = 4000): string {
  const chars = Array.from(s);
  return chars.length <= max ? s : chars.slice(0, max).join('');
}

const num = (v: number | string | null) => (v === null ? null : Number(v));

export function requestView(r: RequestRead) {
  return {
    service_request_id: r.number,
    status: CLOSED.includes(r.status) ? 'closed' : 'open',
    status_notes:
      r.status === 'merged' && r.merged_into_number
        ? bilingual('open311.note.mergedInto', { number: r.merged_into_number })
        : bilingual(`open311.note.${r.status}`),
    service_name: r.service_name,
    service_code: String(r.category_id),
    description: clip(r.description),
    agency_responsible: r.agency,
    service_notice: null,
    requested_datetime: w3cTime(r.created_at),
    updated_datetime: w3cTime(r.updated_at),
    expected_datetime: w3cTime(r.due_at),
    address: r.address,
    address_id: r.address_id,
    zipcode: null,
    lat: num(r.lat),
    long: num(r.lng),
    media_url: r.media_url,
  };
}

export function serviceView(c: { id: number; name: string; department_name: string | null }) {
  return {
    service_code: String(c.id),
    service_name: c.name,
    description: null,
    // No service asks for extra fields: its definition has no attributes.
    metadata: false,
    type: 'realtime' as const,
    keywords: null,
    group: c.department_name,
  };
}
