// Attachments in the demo (docs/rules/attachments.md): the latest replied orders carry the handler's photo of the
// site (办结佐证), and the latest open order the operator's intake photo and a document, each uploaded as the people
// would (checked by content, re-encoded, stored once), so the 附件 section shows thumbnails from `npm start`.
import type { Services } from '../services.ts';
import { clock } from '../lib/clock.ts';
import { fromDbTime } from '../lib/db.ts';
import type { Actor } from '../domain/users/actor.ts';
import type { Cast } from './demo-catalogue.ts';

/** A photo of a site drawn for the demo (no camera, no metadata): a street, a kerb and a mended patch. */
async function sitePhoto(hue: number): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="600">
    <rect width="800" height="600" fill="hsl(${hue},35%,72%)"/>
    <rect y="380" width="800" height="220" fill="#6b6b6b"/>
    <rect y="370" width="800" height="14" fill="#bdbdbd"/>
    <ellipse cx="${300 + hue}" cy="480" rx="120" ry="40" fill="#3f3f3f"/>
    <rect x="80" y="120" width="220" height="250" fill="hsl(${hue},20%,55%)"/>
    <rect x="480" y="160" width="240" height="210" fill="hsl(${(hue + 40) % 360},25%,60%)"/>
  </svg>`;
  // Imported here: a service started without the demo never loads sharp for it.
  const { default: sharp } = await import('sharp');
  return sharp(Buffer.from(svg)).jpeg({ quality: 80 }).toBuffer();
}

/** A one-page PDF (the demo's written reply of a unit, as an operator would scan it in). */
const LETTER = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
    '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

async function upload(
  s: Services,
  actor: Actor,
  ticketId: number,
  purpose: 'intake' | 'reply',
  file: { filename: string; bytes: Buffer },
) {
  const target = await s.attachments.uploadTarget(actor, ticketId);
  await s.attachments.upload(actor, target, { purpose }, file);
}

export async function loadAttachments(s: Services, cast: Cast, now: Date): Promise<void> {
  const replied = await s
    .db('tickets')
    .whereIn('status', ['replied', 'closed'])
    .whereNotNull('replied_at')
    .whereNotNull('department_id')
    .whereNot('type', 'rectification')
    .orderBy('replied_at', 'desc')
    .limit(3)
    .select('id', 'department_id', 'replied_at');
  let hue = 20;
  for (const t of replied) {
    const handler = Object.values(cast.handlers).find((h) => h.department_id === t.department_id);
    if (!handler) continue;
    clock.set(fromDbTime(t.replied_at)!);
    await upload(s, handler, t.id, 'reply', { filename: '现场整改后照片.jpg', bytes: await sitePhoto((hue += 70)) });
  }
  const open = await s
    .db('tickets')
    .where({ status: 'accepted', channel: 'phone' })
    .orderBy('created_at', 'desc')
    .first('id', 'created_at');
  if (open) {
    clock.set(new Date(Math.min(now.getTime(), fromDbTime(open.created_at)!.getTime() + 120_000)));
    await upload(s, cast.operators[0], open.id, 'intake', {
      filename: '群众提供的现场照片.jpg',
      bytes: await sitePhoto(200),
    });
    await upload(s, cast.operators[0], open.id, 'intake', { filename: '情况说明.pdf', bytes: LETTER });
  }
}
