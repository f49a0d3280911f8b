// Photos posted with an Open311 request (docs/rules/attachments.md "Open311 photos"): multipart with the photo in
// `media` beside GeoReport's fields, kept as the order's attachment (purpose open311) checked and cleaned like any
// upload; a file that is no photo or too big refuses the request with nothing created; the form keeps working; the
// public answers name no address of the photo.
import { expect } from 'chai';
import sharp from 'sharp';
import { testApp } from '../helpers/test-app.ts';
import { hotline, ok, type Hotline } from '../helpers/tickets.ts';
import { answers, expectValid, issueKey, makeService, requestOf, submitted, ticketOf } from '../helpers/open311.ts';
import type { Services } from '../../server/services.ts';

describe('Open311: a photo posted with a request', () => {
  let h: Hotline;
  let s: Services;
  let key: string;
  let service: { id: number };
  before(async function () {
    this.timeout(120_000);
    s = (await testApp()).services;
    h = await hotline();
    key = (await issueKey(h)).key;
    service = await makeService(h);
  });

  async function post(fields: Record<string, string>, media?: { bytes: Buffer; name: string }) {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    if (media) form.append('media', new Blob([new Uint8Array(media.bytes)], { type: 'image/jpeg' }), media.name);
    const res = await fetch(`${(await testApp()).baseUrl}/open311/v2/requests.json`, { method: 'POST', body: form });
    const body = await res.json();
    answers.push(JSON.stringify(body));
    return { status: res.status, body };
  }

  const fields = () => ({
    api_key: key,
    service_code: String(service.id),
    address_string: '朝阳区某路 8 号',
    description: '井盖破损，附现场照片',
    phone: '13800138000',
  });

  it('keeps the photo on the order without its GPS, and answers no address of it', async () => {
    const photo = await sharp({ create: { width: 400, height: 300, channels: 3, background: '#964' } })
      .jpeg()
      .withExifMerge({ IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '39/1 54/1 27/1' } })
      .toBuffer();
    const res = await post(fields(), { bytes: photo, name: 'IMG_0001.jpg' });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    expectValid('request-responses.json', res.body);
    const number = res.body[0].service_request_id;

    const t = await ticketOf(h, number);
    expect(t.attachments).to.have.length(1);
    const [a] = t.attachments;
    expect(a).to.include({ purpose: 'open311', type: 'image/jpeg', name: 'IMG_0001.jpg', thumbnail: true });
    const file = await fetch(`${h.operator.baseUrl}/api/v1/attachments/${a.id}`, {
      headers: { authorization: `Bearer ${h.operator.token}` },
    });
    expect((await sharp(Buffer.from(await file.arrayBuffer())).metadata()).exif).to.equal(undefined);
    expect(t.events.find((e: { action: string }) => e.action === 'attachment').data).to.include({ purpose: 'open311' });

    // The public request names no address of the photo (it is the hotline's, read under access control).
    const request = await requestOf(number);
    expect(request.media_url ?? null).to.equal(null);
    expect(JSON.stringify(request)).to.not.include('/attachments/');
  });

  it('creates nothing for media of a wrong type or too big; takes a form or multipart without it', async () => {
    const before = (await s.db('tickets')).length;
    const page = await post(fields(), { bytes: Buffer.from('<html><script>x</script></html>'), name: 'photo.jpg' });
    expect(page.status).to.equal(400);
    expectValid('errors.json', page.body);
    expect(page.body[0].description).to.match(/^file: /);

    const limit = s.config.attachments.maxBytes;
    s.config.attachments.maxBytes = 50_000;
    try {
      const big = await post(fields(), { bytes: Buffer.alloc(120_000, 1), name: 'big.jpg' });
      expect(big.status).to.equal(413);
      expectValid('errors.json', big.body);
    } finally {
      s.config.attachments.maxBytes = limit;
    }
    const wrongKey = await post({ ...fields(), api_key: 'nope' }, { bytes: Buffer.from('%PDF-1.4\n'), name: 'a.pdf' });
    expect(wrongKey.status).to.equal(403);
    expect((await s.db('tickets')).length).to.equal(before);

    const plain = await post(fields());
    expect(plain.status, JSON.stringify(plain.body)).to.equal(201);
    expect((await ticketOf(h, plain.body[0].service_request_id)).attachments).to.deep.equal([]);
    const formNumber = await submitted(key, { service_code: String(service.id) });
    expect((await ok(h.operator.get(`/api/v1/tickets?q=${formNumber}`))).items).to.have.length(1);
  });
});
