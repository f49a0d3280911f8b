// Files on orders over real multipart uploads (docs/rules/attachments.md): the type read from the bytes (a .jpg that
// is a program or a page is refused), images re-encoded upright without their EXIF/GPS and thumbnailed, the size
// limit with nothing stored, one stored file per content, who may upload and read, and every download audited.
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import sharp from 'sharp';
import { testApp } from '../helpers/test-app.ts';
import { createTicket, dispatched, hotline, ok, type Hotline } from '../helpers/tickets.ts';
import type { Client } from '../helpers/http.ts';
import { SESSION_COOKIE } from '../../server/http/middleware/auth.ts';
import { dispatchedTo, districtWithStreet, passedDown } from '../helpers/levels.ts';
import type { Services } from '../../server/services.ts';

/** A photo as a phone takes it: EXIF naming the phone, where it was taken (GPS) and that it is turned (6: 90°). */
const phonePhoto = () =>
  sharp({ create: { width: 640, height: 480, channels: 3, background: '#3a7' } })
    .jpeg()
    .withMetadata({ orientation: 6 })
    .withExifMerge({
      IFD0: { Make: 'TestPhone', Model: 'X1' },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '39/1 54/1 27/1',
        GPSLongitudeRef: 'E',
        GPSLongitude: '116/1 23/1 49/1',
      },
    })
    .toBuffer();

const png = (colour = '#15c') =>
  sharp({ create: { width: 200, height: 100, channels: 4, background: colour } })
    .png()
    .toBuffer();

const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n' +
    'trailer<</Root 1 0 R>>\n%%EOF\n',
);
/** The start of a Windows program (MZ header, PE signature), named as a photo. */
const EXE = Buffer.concat([
  Buffer.from('MZ'),
  Buffer.alloc(58),
  Buffer.from([0x80, 0, 0, 0]),
  Buffer.alloc(64),
  Buffer.from('PE\0\0'),
  Buffer.alloc(400),
]);
const HTML = Buffer.from('<!doctype html><html><body><script>alert(document.cookie)</script></body></html>');

async function upload(
  api: Client,
  ticketId: number,
  file: { bytes: Buffer; name: string; type?: string },
  fields: Record<string, string> = {},
) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append('file', new Blob([new Uint8Array(file.bytes)], { type: file.type ?? 'image/jpeg' }), file.name);
  const res = await fetch(`${api.baseUrl}/api/v1/tickets/${ticketId}/attachments`, {
    method: 'POST',
    headers: { authorization: `Bearer ${api.token}` },
    body: form,
  });
  return { status: res.status, body: await res.json(), headers: res.headers };
}

async function download(api: Client, url: string) {
  const res = await fetch(`${api.baseUrl}${url}`, { headers: { authorization: `Bearer ${api.token}` } });
  return { status: res.status, bytes: Buffer.from(await res.arrayBuffer()), headers: res.headers };
}

/** The stored files (temporary files of a write in progress excluded). */
function storedFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && !e.name.endsWith('.tmp'))
    .map((e) => path.join(e.parentPath, e.name));
}

describe('attachments: upload, type by content, re-encode, store once, read and audit', () => {
  let h: Hotline;
  let s: Services;
  before(async function () {
    this.timeout(120_000);
    s = (await testApp()).services;
    h = await hotline();
  });

  it('stores a phone photo upright without EXIF and GPS, with a thumbnail, on the timeline and the view', async () => {
    const t = await dispatched(h);
    const original = await phonePhoto();
    expect((await sharp(original).metadata()).exif, 'the test photo carries EXIF').to.be.instanceOf(Buffer);
    const res = await upload(h.operator, t.id, { bytes: original, name: '现场照片.jpg' });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    const a = res.body;
    expect(a).to.include({ name: '现场照片.jpg', type: 'image/jpeg', purpose: 'intake', thumbnail: true });
    expect(a.sha256).to.match(/^[0-9a-f]{64}$/);
    expect(a).to.have.all.keys(
      'id',
      'name',
      'type',
      'size',
      'sha256',
      'purpose',
      'thumbnail',
      'created_at',
      'rating_id',
      'uploaded_by_name',
    );

    const file = await download(h.operator, `/api/v1/attachments/${a.id}`);
    expect(file.status).to.equal(200);
    expect(file.headers.get('content-type')).to.equal('image/jpeg');
    expect(file.headers.get('x-content-type-options')).to.equal('nosniff');
    expect(file.headers.get('content-security-policy')).to.include('sandbox').and.include("default-src 'none'");
    expect(file.headers.get('content-disposition')).to.equal(
      `inline; filename="____.jpg"; filename*=UTF-8''${encodeURIComponent('现场照片.jpg')}`,
    );
    const meta = await sharp(file.bytes).metadata();
    expect(meta.exif, 'no EXIF (and so no GPS) is kept').to.equal(undefined);
    expect(meta.xmp).to.equal(undefined);
    expect(meta.orientation).to.equal(undefined);
    // Turned upright by its orientation before the tag was dropped.
    expect([meta.width, meta.height]).to.deep.equal([480, 640]);
    expect(file.bytes.includes(Buffer.from('TestPhone'))).to.equal(false);
    // What is stored is what the hash names, and the original bytes are nowhere.
    const { createHash } = await import('node:crypto');
    expect(createHash('sha256').update(file.bytes).digest('hex')).to.equal(a.sha256);
    expect(a.size).to.equal(file.bytes.length);
    for (const f of storedFiles(s.config.attachments.dir)) expect(fs.readFileSync(f).equals(original)).to.equal(false);

    const thumb = await download(h.operator, `/api/v1/attachments/${a.id}/thumbnail`);
    expect(thumb.status).to.equal(200);
    const tm = await sharp(thumb.bytes).metadata();
    expect(tm.format).to.equal('jpeg');
    expect(Math.max(tm.width!, tm.height!)).to.equal(320);
    expect(tm.exif).to.equal(undefined);

    const view = await ok(h.operator.get(`/api/v1/tickets/${t.id}`));
    expect(view.attachments.map((x: { id: number }) => x.id)).to.deep.equal([a.id]);
    const event = view.events.find((e: { action: string }) => e.action === 'attachment');
    expect(event.data).to.deep.equal({ attachment_id: a.id, name: '现场照片.jpg', purpose: 'intake' });
    const list = await ok(h.handler.get(`/api/v1/tickets/${t.id}/attachments`));
    expect(list.items.map((x: { id: number }) => x.id)).to.deep.equal([a.id]);
  });

  it('keeps a PNG as a PNG and a PDF as uploaded (saved as a download only for other types)', async () => {
    const t = await dispatched(h);
    const p = await upload(
      h.handler,
      t.id,
      { bytes: await png(), name: 'plan.png', type: 'image/png' },
      {
        purpose: 'reply',
      },
    );
    expect(p.status, JSON.stringify(p.body)).to.equal(201);
    expect(p.body).to.include({ type: 'image/png', purpose: 'reply', thumbnail: true, name: 'plan.png' });
    expect(
      (await sharp((await download(h.handler, `/api/v1/attachments/${p.body.id}`)).bytes).metadata()).format,
    ).to.equal('png');

    const d = await upload(h.supervisor, t.id, { bytes: PDF, name: '../../etc/回复函', type: 'text/plain' });
    expect(d.status, JSON.stringify(d.body)).to.equal(201);
    expect(d.body).to.include({ type: 'application/pdf', thumbnail: false, name: '回复函.pdf', size: PDF.length });
    const file = await download(h.operator, `/api/v1/attachments/${d.body.id}`);
    expect(file.bytes.equals(PDF)).to.equal(true);
    expect(file.headers.get('content-disposition')).to.match(/^inline; /);
    expect((await download(h.operator, `/api/v1/attachments/${d.body.id}/thumbnail`)).status).to.equal(404);
  });

  it('refuses a program or a page named .jpg (400 on file), and unknown fields, storing nothing', async () => {
    const t = await dispatched(h);
    const before = storedFiles(s.config.attachments.dir).length;
    for (const bytes of [EXE, HTML, Buffer.alloc(0)]) {
      const res = await upload(h.operator, t.id, { bytes, name: 'photo.jpg' });
      expect(res.status, JSON.stringify(res.body)).to.equal(400);
      expect(res.body.error.code).to.equal('VALIDATION_FAILED');
      expect(res.body.error.details.map((d: { path: string }) => d.path)).to.deep.equal(['file']);
    }
    const wrong = await upload(h.operator, t.id, { bytes: PDF, name: 'a.pdf' }, { purpose: 'gossip', colour: 'red' });
    expect(wrong.status).to.equal(400);
    expect(wrong.body.error.details.map((d: { path: string }) => d.path)).to.include('colour');
    const noRating = await upload(h.operator, t.id, { bytes: PDF, name: 'a.pdf' }, { purpose: 'appeal' });
    expect(noRating.status).to.equal(400);
    expect(noRating.body.error.details[0].path).to.equal('rating_id');
    expect(await s.db('attachments').where({ ticket_id: t.id })).to.have.length(0);
    expect(storedFiles(s.config.attachments.dir)).to.have.length(before);
    // Only multipart reaches the upload.
    const json = await h.operator.post(`/api/v1/tickets/${t.id}/attachments`, { file: 'x' });
    expect(json.status).to.equal(415);
  });

  it('refuses a file over the limit (413), announced or streamed, and stores nothing of it', async () => {
    const t = await dispatched(h);
    const limit = s.config.attachments.maxBytes;
    s.config.attachments.maxBytes = 100_000;
    try {
      const big = Buffer.concat([PDF, Buffer.alloc(150_000, 0x20)]);
      const before = { rows: (await s.db('attachment_blobs')).length, files: storedFiles(s.config.attachments.dir) };
      const announced = await upload(h.operator, t.id, { bytes: big, name: 'big.pdf' });
      expect(announced.status).to.equal(413);
      expect(announced.body.error.code).to.equal('PAYLOAD_TOO_LARGE');

      // Streamed without a length: the reader stops at the limit.
      const boundary = 'hotline-test-boundary';
      const head = Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.pdf"\r\n` +
          'Content-Type: application/pdf\r\n\r\n',
      );
      const parts = [head, big, Buffer.from(`\r\n--${boundary}--\r\n`)];
      const body = new ReadableStream({
        start(c) {
          for (const p of parts) c.enqueue(new Uint8Array(p));
          c.close();
        },
      });
      const res = await fetch(`${h.operator.baseUrl}/api/v1/tickets/${t.id}/attachments`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${h.operator.token}`,
          'content-type': `multipart/form-data; boundary=${boundary}`,
        },
        body,
        duplex: 'half',
      } as RequestInit);
      expect(res.status).to.equal(413);
      expect((await res.json()).error.details[0].path).to.equal('file');

      expect(await s.db('attachments').where({ ticket_id: t.id })).to.have.length(0);
      expect(await s.db('attachment_blobs')).to.have.length(before.rows);
      expect(storedFiles(s.config.attachments.dir)).to.deep.equal(before.files);
    } finally {
      s.config.attachments.maxBytes = limit;
    }
  });

  it('stores one content once: a second upload of it is a new attachment naming the same file', async () => {
    const t = await dispatched(h);
    const bytes = await png('#a52');
    const first = await upload(h.operator, t.id, { bytes, name: 'one.png' });
    const filesAfterFirst = storedFiles(s.config.attachments.dir).length;
    const second = await upload(h.handler, t.id, { bytes, name: 'two.png' });
    expect(second.status).to.equal(201);
    expect(second.body.id).to.not.equal(first.body.id);
    expect(second.body.sha256).to.equal(first.body.sha256);
    expect(await s.db('attachment_blobs').where({ sha256: first.body.sha256 })).to.have.length(1);
    expect(storedFiles(s.config.attachments.dir)).to.have.length(filesAfterFirst);
    const file = path.join(s.config.attachments.dir, first.body.sha256.slice(0, 2), first.body.sha256);
    expect(fs.existsSync(file), 'named by SHA-256 in its two-character folder').to.equal(true);
  });

  it('lets the holding unit upload, refuses another unit with 403 (audited), and audits each download', async () => {
    const t = await dispatched(h);
    const a = (await upload(h.handler, t.id, { bytes: PDF, name: '佐证.pdf' }, { purpose: 'reply' })).body;
    const audits = (action: string) => s.db('audit_log').where({ action }).orderBy('id');

    const refused = await upload(h.otherHandler, t.id, { bytes: PDF, name: 'x.pdf' });
    expect(refused.status).to.equal(403);
    const [forbidden] = await s.db('audit_log').where({ action: 'forbidden', target_type: 'ticket', target_id: t.id });
    expect(JSON.parse(forbidden.detail)).to.include({ attempted: 'attachment' });
    expect(forbidden.actor_id).to.equal(h.users.otherHandler.user.id);

    expect((await download(h.otherHandler, `/api/v1/attachments/${a.id}`)).status).to.equal(403);
    expect((await h.otherHandler.get(`/api/v1/tickets/${t.id}/attachments`)).status).to.equal(403);
    const attempts = await s.db('audit_log').where({ action: 'forbidden', target_type: 'ticket', target_id: t.id });
    expect(attempts.map((r) => JSON.parse(r.detail).attempted)).to.include.members([
      'attachment',
      'download_attachment',
      'attachments',
    ]);
    expect((await download(h.operator, '/api/v1/attachments/999999')).status).to.equal(404);

    const before = (await audits('download_attachment')).length;
    expect((await download(h.supervisor, `/api/v1/attachments/${a.id}`)).status).to.equal(200);
    const logged = await audits('download_attachment');
    expect(logged).to.have.length(before + 1);
    expect(logged.at(-1)).to.include({
      target_type: 'attachment',
      target_id: a.id,
      actor_id: h.users.supervisor.user.id,
    });
    expect(JSON.parse(logged.at(-1).detail)).to.include({ ticket_id: t.id, name: '佐证.pdf' });

    // An order not yet dispatched is the hotline's alone.
    const fresh = await createTicket(h.operator);
    expect((await upload(h.handler, fresh.id, { bytes: PDF, name: 'x.pdf' })).status).to.equal(403);
    expect((await upload(h.admin, fresh.id, { bytes: PDF, name: 'x.pdf' })).status).to.equal(403);
  });

  it('lets a unit holding a live level upload (under its level), not a unit above that only reads', async () => {
    const u = await districtWithStreet();
    const down = await passedDown(h, u);
    const street = await upload(
      u.streetHandler.api,
      down.id,
      { bytes: PDF, name: '街道核实.pdf' },
      { purpose: 'reply' },
    );
    expect(street.status, JSON.stringify(street.body)).to.equal(201);
    const level = await s.db('assignments').where({ ticket_id: down.id, department_id: u.street.id }).first();
    const row = await s.db('attachments').where({ id: street.body.id }).first();
    expect(row.assignment_id).to.equal(level.id);
    expect((await upload(u.districtHandler.api, down.id, { bytes: PDF, name: '区.pdf' })).status).to.equal(201);

    // An order of the street itself: the district above reads its files but does not upload to it.
    const own = await dispatchedTo(h, u.street.id);
    const mine = await upload(u.streetHandler.api, own.id, { bytes: PDF, name: '街道.pdf' });
    expect(mine.status).to.equal(201);
    expect((await upload(u.districtHandler.api, own.id, { bytes: PDF, name: '区.pdf' })).status).to.equal(403);
    const listed = await ok(u.districtHandler.api.get(`/api/v1/tickets/${own.id}/attachments`));
    expect(listed.items.map((x: { id: number }) => x.id)).to.deep.equal([mine.body.id]);
    expect((await download(u.districtHandler.api, `/api/v1/attachments/${mine.body.id}`)).status).to.equal(200);
  });

  it("takes a cookie-borne upload from the service's own page only (another site's form is refused 403)", async () => {
    const t = await dispatched(h);
    const cookie = `${SESSION_COOKIE}=${h.operator.token}`;
    const send = async (origin: string) => {
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(PDF)]), 'a.pdf');
      const res = await fetch(`${h.operator.baseUrl}/api/v1/tickets/${t.id}/attachments`, {
        method: 'POST',
        headers: { cookie, origin },
        body: form,
      });
      return res.status;
    };
    const u = new URL(h.operator.baseUrl);
    expect(await send(`${u.protocol}//${u.hostname}:${Number(u.port) + 1}`)).to.equal(403);
    expect(await s.db('attachments').where({ ticket_id: t.id })).to.have.length(0);
    expect(await send(h.operator.baseUrl)).to.equal(201);
  });
});
