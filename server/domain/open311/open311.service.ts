// Open311 GeoReport v2 (docs/api.md "Open311 GeoReport v2"): the categories are the services, and a submitted
// request becomes a web ticket that operators review and dispatch like any other.
//
// Only tickets that came in through Open311 are answered here. The rest were told to an operator, not
// published by the resident, and the hotline's own progress look-up hides even which numbers exist.
import { randomUUID } from 'node:crypto';
import type { Executor } from '../../lib/db.ts';
import { toDbTime, withTransaction } from '../../lib/db.ts';
import { clock } from '../../lib/clock.ts';
import { AppError } from '../../lib/errors.ts';
import { bilingual } from '../../i18n/index.ts';
import type { CreateTicket } from '../tickets/tickets.schemas.ts';
import type { TicketDeps } from '../tickets/ticket-deps.ts';
import type { TicketsService } from '../tickets/tickets.service.ts';
import { OPEN, type Status } from '../tickets/ticket.types.ts';
import { SYSTEM } from '../users/actor.ts';
import type { Open311KeysService } from './open311-keys.service.ts';
import type { AttachmentsService, Staged } from '../attachments/attachments.service.ts';
import { requestView, serviceView, w3cTime } from './open311-view.ts';
import { open311Repository as repo } from './open311.repository.ts';
import { MAX_REQUESTS, MAX_SPAN_DAYS, type CreateRequest, type ListRequests } from './open311.schemas.ts';

export const SPECIFICATION = 'http://wiki.open311.org/GeoReport_v2';
const SPAN_MS = MAX_SPAN_DAYS * 86_400_000;
const NOTICE = bilingual('open311.notice');
const TITLE_CHARS = 40;

const notFound = (what: string) => new AppError(404, 'NOT_FOUND', 'open311.notFound', [], { what });

/** The title an operator sees: the first sentence of the description, or the service's name. */
function titleOf(description: string | undefined, serviceName: string): string {
  const first = Array.from(description?.split(/[\n。！？!?；;]/)[0]?.trim() ?? '');
  if (!first.length) return serviceName;
  return first.length <= TITLE_CHARS ? first.join('') : `${first.slice(0, TITLE_CHARS).join('')}…`;
}

/** A Chinese name is written family name first, without a space; others given name first. */
function callerName(first?: string, last?: string): string | null {
  const parts = [first, last].filter((p): p is string => Boolean(p));
  if (!parts.length) return null;
  return /[\u3400-\u9fff]/.test(parts.join('')) ? [last, first].filter(Boolean).join('') : parts.join(' ');
}

/** "code=value; code=a, b": attribute fields as an operator reads them. */
function attributeList(attributes: Record<string, string | string[]>): string {
  return Object.entries(attributes)
    .map(([code, v]) => `${code}=${Array.isArray(v) ? v.join(', ') : v}`)
    .join('; ');
}

export class Open311Service {
  /** The api_keys partners submit with (built once in services.ts; the routes ask it through here). */
  readonly keys: Open311KeysService;
  private readonly tickets: TicketsService;
  private readonly db: Executor;

  constructor(
    private readonly deps: TicketDeps & {
      tickets: TicketsService;
      keys: Open311KeysService;
      attachments: AttachmentsService;
    },
  ) {
    this.db = deps.db;
    this.keys = deps.keys;
    this.tickets = deps.tickets;
  }

  async discovery() {
    const services = await repo.services(this.db);
    // The service list changes when a category is added: clients refresh what they cached.
    const latest = services.reduce((max, s) => (s.created_at > max ? s.created_at : max), '');
    const changeset = w3cTime(latest || toDbTime(new Date(0)));
    return {
      changeset,
      contact: bilingual('open311.contact', { url: this.deps.config.publicUrl }),
      key_service: bilingual('open311.keyService'),
      endpoints: [
        {
          specification: SPECIFICATION,
          url: `${this.deps.config.publicUrl}/open311/v2`,
          changeset,
          type: 'production',
          formats: ['text/xml', 'application/json'],
        },
      ],
    };
  }

  async services() {
    return (await repo.services(this.db)).map(serviceView);
  }

  async definition(code: string) {
    const service = await this.findService(code);
    if (!service) throw notFound(`service_code ${code}`);
    return { service_code: String(service.id), attributes: [] };
  }

  /**
   * A photo posted with a request (multipart `media`), checked and stored like any attachment before the request is
   * created (400 for a file that is no accepted type, nothing created).
   */
  prepareMedia(file: { filename: string; bytes: Buffer }): Promise<Staged> {
    return this.deps.attachments.prepare(file);
  }

  /**
   * Creates the ticket as the system on behalf of the key's holder; the key is named in the create event. A photo
   * posted with it (prepareMedia) is kept on the order in the same transaction (purpose `open311`).
   */
  async create(key: { id: number; name: string }, form: CreateRequest, ip?: string, media?: Staged) {
    const service = await this.findService(form.service_code);
    if (!service) throw notFound(`service_code ${form.service_code}`);
    const title = titleOf(form.description, service.name);
    // No service defines attributes (its definition lists none), so whatever attribute[code] fields a client sends
    // are kept as submitted: on the request row, in the create event, and in the description operators read.
    const attributes = form.attribute && Object.keys(form.attribute).length ? form.attribute : null;
    const description = [
      form.description,
      attributes ? bilingual('open311.attributes', { list: attributeList(attributes) }) : null,
      form.lat !== undefined ? bilingual('open311.location', { lat: form.lat, long: form.long }) : null,
      form.address_id ? bilingual('open311.addressId', { id: form.address_id }) : null,
      form.media_url ? bilingual('open311.media', { url: form.media_url }) : null,
    ]
      .filter(Boolean)
      .join('\n');
    const input: CreateTicket = {
      channel: 'web',
      type: 'complaint',
      urgency: 'normal',
      title,
      description: description || title,
      category_id: service.id,
      address: form.address_string || null,
      caller_name: callerName(form.first_name, form.last_name),
      caller_phone: form.phone ?? null,
      confidential: false,
      // Its point is the order's map point too (docs/rules/intake.md "Location").
      lat: form.lat ?? null,
      lng: form.long ?? null,
    };
    const origin = { via: 'open311', key_id: key.id, key_name: key.name, ...(attributes && { attributes }) };
    // The token is answered with the number (GeoReport v2 allows both): clients that wait for one resolve it at once.
    const token = randomUUID();
    const ticket = await withTransaction(this.db, async (trx) => {
      const { ticket } = await this.tickets.create({ ...SYSTEM, ip }, input, undefined, origin, trx);
      await repo.insertRequest(trx, {
        ticket_id: ticket.id,
        key_id: key.id,
        lat: form.lat ?? null,
        lng: form.long ?? null,
        address_id: form.address_id || null,
        media_url: form.media_url ?? null,
        token,
        attributes: attributes && JSON.stringify(attributes),
        created_at: toDbTime(new Date(ticket.created_at!)),
      });
      if (media) {
        const on = { ticketId: ticket.id, assignmentId: null, purpose: 'open311' as const, ratingId: null };
        await this.deps.attachments.record(trx, SYSTEM, on, media);
      }
      return ticket;
    });
    return [{ service_request_id: ticket.number, token, service_notice: NOTICE }];
  }

  /** GET tokens/:token: the request a token was issued for, as a list of one (GeoReport v2). */
  async token(token: string) {
    const number = /^[0-9a-f-]{36}$/.test(token) ? await repo.numberOfToken(this.db, token) : null;
    if (!number) throw notFound(`token ${token}`);
    return [{ service_request_id: number, token }];
  }

  /** Newest first, at most 1,000; without dates, the last 90 days (GeoReport v2 "Response Volume"). */
  async list(q: ListRequests) {
    if (q.service_request_id) {
      return (await repo.listRequests(this.db, { numbers: q.service_request_id, limit: MAX_REQUESTS })).map(
        requestView,
      );
    }
    let { start_date: from, end_date: to } = q;
    if (!from && !to) to = clock.now();
    if (!from) from = new Date(to!.getTime() - SPAN_MS);
    if (!to) to = new Date(from.getTime() + SPAN_MS);
    const statuses = q.status?.flatMap((s): readonly Status[] => (s === 'open' ? OPEN : ['closed', 'merged']));
    const rows = await repo.listRequests(this.db, {
      from: toDbTime(from),
      to: toDbTime(to),
      categoryIds: q.service_code,
      statuses,
      limit: MAX_REQUESTS,
    });
    return rows.map(requestView);
  }

  /** GeoReport v2 answers a single request as a list of one. */
  async get(number: string) {
    const row = /^\d{1,20}$/.test(number) ? await repo.findRequest(this.db, number) : null;
    if (!row) throw notFound(`service_request_id ${number}`);
    return [requestView(row)];
  }

  private async findService(code: string) {
    if (!/^\d{1,10}$/.test(code)) return undefined;
    return (await repo.services(this.db, Number(code)))[0];
  }
}
