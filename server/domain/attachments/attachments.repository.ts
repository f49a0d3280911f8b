// Every SQL statement of attachments: the stored contents (attachment_blobs, one row per SHA-256) and the files on
// orders (attachments, each naming its content).
import type { Executor } from '../../lib/db.ts';
import { isDuplicateKey } from '../../lib/errors.ts';

export interface BlobRow {
  sha256: string;
  size: number;
  type: string;
  store: string;
  thumb_sha256: string | null;
  created_at: string;
}

export interface AttachmentRow {
  id: number;
  ticket_id: number;
  purpose: string;
  assignment_id: number | null;
  rating_id: number | null;
  name: string;
  type: string;
  size: number;
  sha256: string;
  uploaded_by: number | null;
  uploaded_by_name: string | null;
  created_at: string;
  /** The content's thumbnail, if it is an image, and where the content is stored. */
  thumb_sha256: string | null;
  store: string;
}

export type NewAttachment = Omit<AttachmentRow, 'id' | 'uploaded_by_name' | 'thumb_sha256' | 'store'>;

const withBlob = (db: Executor) =>
  db('attachments as a')
    .join('attachment_blobs as b', 'b.sha256', 'a.sha256')
    .leftJoin('users as u', 'u.id', 'a.uploaded_by')
    .select('a.*', 'b.thumb_sha256', 'b.store', 'u.display_name as uploaded_by_name');

const numeric = (r: AttachmentRow): AttachmentRow => ({ ...r, size: Number(r.size) });

export const attachmentsRepository = {
  async blob(db: Executor, sha256: string): Promise<BlobRow | undefined> {
    const row = (await db('attachment_blobs').where({ sha256 }).first()) as BlobRow | undefined;
    return row && { ...row, size: Number(row.size) };
  },

  /** The content's row once: a second upload of the same content meeting the first's row keeps the first. */
  async insertBlob(db: Executor, row: BlobRow): Promise<void> {
    try {
      await db('attachment_blobs').insert(row);
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
  },

  async insert(db: Executor, row: NewAttachment): Promise<number> {
    const [id] = await db('attachments').insert(row);
    return Number(id);
  },

  async find(db: Executor, id: number): Promise<AttachmentRow | undefined> {
    const row = (await withBlob(db).where('a.id', id).first()) as AttachmentRow | undefined;
    return row && numeric(row);
  },

  async ofTicket(db: Executor, ticketId: number): Promise<AttachmentRow[]> {
    const rows = (await withBlob(db).where('a.ticket_id', ticketId).orderBy('a.id')) as AttachmentRow[];
    return rows.map(numeric);
  },

  /** The rating an appeal file names, with the orders it belongs to (the rated one and its rectification). */
  async rating(db: Executor, id: number) {
    return (await db('ratings').where({ id }).first('id', 'ticket_id', 'rectification_ticket_id', 'department_id')) as
      | { id: number; ticket_id: number | null; rectification_ticket_id: number | null; department_id: number | null }
      | undefined;
  },
};
