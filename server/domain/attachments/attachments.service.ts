// Files on orders (docs/rules/attachments.md): an upload checked by its content and re-encoded (attachment-content.ts),
// its content stored once by SHA-256 (blob-store.ts, attachment_blobs), the file's row and its timeline event in
// one transaction; read by those who read the order, each download audited.
import type { Readable } from 'node:stream';
import { z } from 'zod';
import type { Config } from '../../../config/default.ts';
import { toDbTime, withTransaction, type Db, type Executor } from '../../lib/db.ts';
import { clock } from '../../lib/clock.ts';
import { detail, errors } from '../../lib/errors.ts';
import { iso } from '../../lib/time.ts';
import { can, requireAccess } from '../access/access.ts';
import { auditRepository } from '../audit/audit.repository.ts';
import { auditForbidden, loadTicket, type TicketWriter } from '../tickets/ticket-writer.ts';
import { levelsRepository } from '../tickets/levels.repository.ts';
import { readingUnits } from '../tickets/level-view.ts';
import type { TicketRow } from '../tickets/ticket.types.ts';
import { SYSTEM, type Actor } from '../users/actor.ts';
import { prepare, safeName, type Prepared } from './attachment-content.ts';
import { attachmentsRepository as repo, type AttachmentRow } from './attachments.repository.ts';
import type { BlobStores } from './blob-store.ts';

export const PURPOSES = ['intake', 'reply', 'rectification', 'appeal', 'open311'] as const;
export type Purpose = (typeof PURPOSES)[number];

/** The upload's text fields (multipart, so numbers arrive as text). Open311's purpose is set by Open311 only. */
export const uploadFieldsSchema = z
  .object({
    purpose: z.enum(['intake', 'reply', 'rectification', 'appeal']).default('intake'),
    rating_id: z
      .string()
      .regex(/^\d{1,10}$/)
      .transform(Number)
      .optional(),
  })
  .strict();
export type UploadFields = z.output<typeof uploadFieldsSchema>;

export interface AttachmentView {
  id: number;
  name: string;
  type: string;
  size: number;
  sha256: string;
  purpose: string;
  thumbnail: boolean;
  rating_id: number | null;
  uploaded_by_name: string | null;
  created_at: string;
}

export const attachmentView = (r: AttachmentRow): AttachmentView => ({
  id: r.id,
  name: r.name,
  type: r.type,
  size: r.size,
  sha256: r.sha256,
  purpose: r.purpose,
  thumbnail: r.thumb_sha256 !== null,
  rating_id: r.rating_id,
  uploaded_by_name: r.uploaded_by_name,
  created_at: iso(r.created_at),
});

/**
 * Whether this reader sees the file. Appeal material on a rated order says the order was rated and appealed: like
 * the appeal itself on the timeline (ticket-view.ts eventsFor), departments read it on the rectification order only.
 */
const visible = (actor: Actor, t: Pick<TicketRow, 'type'>, r: Pick<AttachmentRow, 'purpose'>) =>
  r.purpose !== 'appeal' || t.type === 'rectification' || can(actor, 'rating.trace');

/** The files of an order as this reader sees them (for the ticket's detail, whose reader is already checked). */
export async function attachmentsOf(db: Db, actor: Actor, t: Pick<TicketRow, 'id' | 'type'>) {
  return (await repo.ofTicket(db, t.id)).filter((r) => visible(actor, t, r)).map(attachmentView);
}

/** A file checked and stored, waiting for its row (AttachmentsService.prepare, record). */
export interface Staged {
  p: Prepared;
  name: string;
  store: string;
}

export interface Download {
  stream: Readable;
  type: string;
  size: number;
  name: string;
}

export class AttachmentsService {
  constructor(private readonly deps: { db: Db; config: Config; writer: TicketWriter; stores: BlobStores }) {}

  /**
   * The order an upload goes to, checked before its body is read (404 unknown, 403 audited): the hotline's operators
   * and supervisors on any order; a handler on its own unit's order, or one its unit holds a live level of.
   */
  async uploadTarget(actor: Actor, ticketId: number): Promise<{ ticket: TicketRow; assignmentId: number | null }> {
    const { db } = this.deps;
    return auditForbidden(db, actor, 'attachment', ticketId, async () => {
      const ticket = await loadTicket(db, ticketId);
      const level =
        actor.role === 'handler' && actor.department_id !== null
          ? await levelsRepository.openLevelOf(db, ticketId, actor.department_id)
          : null;
      requireAccess(actor, 'attachment.upload', { department_id: level ? level.department_id : ticket.department_id });
      return { ticket, assignmentId: level ? level.id : ticket.assignment_id };
    });
  }

  /** Stores an upload the actor may make (uploadTarget): 400 naming the field for a wrong type, purpose or rating. */
  async upload(
    actor: Actor,
    target: { ticket: TicketRow; assignmentId: number | null },
    fields: UploadFields,
    file: { filename: string; bytes: Buffer },
  ): Promise<AttachmentView> {
    const { ticket } = target;
    const ratingId = await this.appealedRating(actor, ticket, fields);
    return this.keep(actor, ticket.id, target.assignmentId, fields.purpose, ratingId, file);
  }

  /**
   * A file kept on an order by the service itself (Open311's photo): checked and re-encoded like an upload, with
   * the system as its uploader.
   */
  async store(ticketId: number, purpose: Purpose, file: { name: string; bytes: Buffer }): Promise<AttachmentView> {
    const ticket = await loadTicket(this.deps.db, ticketId);
    return this.keep(SYSTEM, ticketId, ticket.assignment_id, purpose, null, { filename: file.name, bytes: file.bytes });
  }

  async list(actor: Actor, ticketId: number): Promise<{ items: AttachmentView[] }> {
    const t = await this.readable(actor, ticketId, 'attachments');
    return { items: await attachmentsOf(this.deps.db, actor, t) };
  }

  /** The file (or its thumbnail) for a reader of its order; every download of the file itself is audited. */
  async download(actor: Actor, id: number, which: 'file' | 'thumbnail'): Promise<Download> {
    const { db } = this.deps;
    const row = await repo.find(db, id);
    if (!row) throw errors.notFound('attachment');
    const t = await this.readable(
      actor,
      row.ticket_id,
      which === 'file' ? 'download_attachment' : 'attachment_thumbnail',
    );
    if (!visible(actor, t, row)) throw errors.notFound('attachment');
    if (which === 'thumbnail') {
      if (!row.thumb_sha256) throw errors.notFound('attachment');
      const thumb = await repo.blob(db, row.thumb_sha256);
      if (!thumb) throw errors.notFound('attachment');
      const stream = await this.deps.stores.of(thumb.store).get(thumb.sha256);
      return { stream, type: thumb.type, size: thumb.size, name: row.name.replace(/\.[^.]*$/, '') + '-thumb.jpg' };
    }
    const stream = await this.deps.stores.of(row.store).get(row.sha256);
    await auditRepository.record(
      db,
      actor,
      'download_attachment',
      { type: 'attachment', id: row.id },
      { ticket_id: row.ticket_id, name: row.name, sha256: row.sha256 },
      toDbTime(clock.now()),
    );
    return { stream, type: row.type, size: row.size, name: row.name };
  }

  /** The order, when the actor reads it like its detail (ticket.read with the units holding its levels). */
  private readable(actor: Actor, ticketId: number, attempted: string): Promise<TicketRow> {
    const { db } = this.deps;
    return auditForbidden(db, actor, attempted, ticketId, async () => {
      const t = await loadTicket(db, ticketId);
      const rows = await levelsRepository.ofTicket(db, ticketId);
      requireAccess(actor, 'ticket.read', { ...t, unit_ids: readingUnits(rows) });
      return t;
    });
  }

  /**
   * The rating appeal material names: one of this order's. A department reads its ratings without the orders they
   * rate, so it may name only the rating whose rectification order this is (the same answer whether or not the
   * rating rates this order: a department must not learn which order a resident rated by trying).
   */
  private async appealedRating(actor: Actor, t: TicketRow, fields: UploadFields): Promise<number | null> {
    if (fields.purpose !== 'appeal') {
      if (fields.rating_id !== undefined)
        throw errors.validation([detail('rating_id', 'attachments.ratingOnlyForAppeal')]);
      return null;
    }
    if (fields.rating_id === undefined) throw errors.validation([detail('rating_id', 'attachments.ratingRequired')]);
    const r = await repo.rating(this.deps.db, fields.rating_id);
    const ofTicket = r && (r.rectification_ticket_id === t.id || (can(actor, 'rating.trace') && r.ticket_id === t.id));
    if (!ofTicket) throw errors.validation([detail('rating_id', 'attachments.ratingNotOfTicket')]);
    return r.id;
  }

  /**
   * An upload checked, re-encoded and its content put in the store (not yet on any order): 400 on `file` for a type
   * not accepted. The content goes to its store before any row names it (a crash in between leaves an unnamed file,
   * never a row without its file); content already stored is not written again.
   */
  async prepare(file: { filename: string; bytes: Buffer }): Promise<Staged> {
    const { db, config, stores } = this.deps;
    const p = await prepare(file.bytes, config.attachments.types, config.attachments);
    const existing = await repo.blob(db, p.sha256);
    if (!existing) {
      if (p.thumbnail) await stores.current.put(p.thumbnail.sha256, p.thumbnail.bytes, p.thumbnail.type);
      await stores.current.put(p.sha256, p.bytes, p.type);
    }
    return { p, name: safeName(file.filename, p.type), store: existing ? existing.store : stores.current.kind };
  }

  /**
   * A prepared file put on an order inside the caller's transaction (Open311 keeps a request's photo in the
   * request's own): its content's row once, the attachment's row and its timeline event.
   */
  async record(
    trx: Executor,
    actor: Actor,
    on: { ticketId: number; assignmentId: number | null; purpose: Purpose; ratingId: number | null },
    staged: Staged,
  ): Promise<number> {
    const { p, name, store } = staged;
    const nowDb = toDbTime(clock.now());
    if (p.thumbnail) {
      const t = p.thumbnail;
      await repo.insertBlob(trx, {
        sha256: t.sha256,
        size: t.bytes.length,
        type: t.type,
        store,
        thumb_sha256: null,
        created_at: nowDb,
      });
    }
    await repo.insertBlob(trx, {
      sha256: p.sha256,
      size: p.bytes.length,
      type: p.type,
      store,
      thumb_sha256: p.thumbnail?.sha256 ?? null,
      created_at: nowDb,
    });
    const attachmentId = await repo.insert(trx, {
      ticket_id: on.ticketId,
      purpose: on.purpose,
      assignment_id: on.assignmentId,
      rating_id: on.ratingId,
      name,
      type: p.type,
      size: p.bytes.length,
      sha256: p.sha256,
      uploaded_by: actor.id,
      created_at: nowDb,
    });
    // Appeal material is told as a rating's event is (hidden from departments on the rated order: ticket-view.ts).
    await this.deps.writer.note(trx, [
      {
        ticket_id: on.ticketId,
        action: on.purpose === 'appeal' ? 'appeal_attachment' : 'attachment',
        actor_id: actor.id,
        actor_role: actor.role,
        from_status: null,
        to_status: null,
        data: { attachment_id: attachmentId, name, purpose: on.purpose },
        created_at: nowDb,
      },
    ]);
    return attachmentId;
  }

  private async keep(
    actor: Actor,
    ticketId: number,
    assignmentId: number | null,
    purpose: Purpose,
    ratingId: number | null,
    file: { filename: string; bytes: Buffer },
  ): Promise<AttachmentView> {
    const staged = await this.prepare(file);
    const id = await withTransaction(this.deps.db, (trx) =>
      this.record(trx, actor, { ticketId, assignmentId, purpose, ratingId }, staged),
    );
    return attachmentView((await repo.find(this.deps.db, id))!);
  }
}
