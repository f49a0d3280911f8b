// Open311 GeoReport v2 as its clients speak it (docs/api.md "Open311 GeoReport v2"): every resource in XML as well as
// JSON, read back with fast-xml-parser into the JSON answer and valid against the same published schemas; errors as
// <errors><error>; a token per submitted request resolved by tokens/:token; attribute[code] fields kept as
// submitted; parameters Hotline does not use ignored.
import { expect } from 'chai';
import { testApp } from '../helpers/test-app.ts';
import { hotline, type Hotline } from '../helpers/tickets.ts';
import {
  asText,
  expectValid,
  expectValidXml,
  fromXml,
  get,
  getXml,
  issueKey,
  makeService,
  submit,
  submitted,
  ticketOf,
} from '../helpers/open311.ts';

describe('Open311 GeoReport v2: XML and JSON, tokens, attributes, extension parameters', () => {
  let h: Hotline;
  let key: string;
  let service: { id: number; name: string };
  let number: string;
  let token: string;

  const fields = () => ({
    api_key: key,
    service_code: String(service.id),
    address_string: '东城区某胡同 3 号',
    description: '井盖缺失',
  });

  before(async () => {
    h = await hotline();
    key = (await issueKey(h)).key;
    service = await makeService(h);
    const res = await submit({ ...fields(), lat: '39.91', long: '116.40' });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    [{ service_request_id: number, token }] = res.body;
  });
  beforeEach(async () => {
    await h.signInAgain();
  });

  it('answers every resource in XML as in JSON: the same values, valid against the same schemas', async () => {
    const resources: Array<[string, string, string]> = [
      ['/discovery', 'discovery.json', 'discovery'],
      ['/services', 'services.json', 'services'],
      [`/services/${service.id}`, 'service-definition.json', 'service_definition'],
      [`/requests`, 'requests.json', 'service_requests'],
      [`/requests?service_request_id=${number}&jurisdiction_id=x`, 'requests.json', 'service_requests'],
      [`/requests/${number}`, 'requests.json', 'service_requests'],
      [`/tokens/${token}`, 'tokens.json', 'service_requests'],
    ];
    for (const [p, schema, root] of resources) {
      const [path, query] = p.split('?');
      const json = await get(`${path}.json${query ? `?${query}` : ''}`);
      expect(json.status, p).to.equal(200);
      expectValid(schema, json.body);
      const xml = await getXml(`${path}.xml${query ? `?${query}` : ''}`);
      expect(xml.status, p).to.equal(200);
      expect(expectValidXml(schema, xml, root), p).to.deep.equal(asText(json.body));
    }
  });

  it('writes lists and nulls as the specification examples do', async () => {
    const one = (await getXml(`/requests/${number}.xml`)).body as string;
    expect(one).to.include(`<service_requests><request><service_request_id>${number}</service_request_id>`);
    expect(one).to.include('<lat>39.91</lat><long>116.4</long>');
    expect(one).to.include('<zipcode/>');
    const discovery = (await getXml('/discovery.xml')).body as string;
    expect(discovery).to.include('<formats><format>text/xml</format><format>application/json</format></formats>');
    const services = (await getXml('/services.xml')).body as string;
    expect(services).to.match(/^<\?xml[^>]*>\n<services><service><service_code>/);
    expect(services).to.include('<metadata>false</metadata><type>realtime</type>');
    const definition = (await getXml(`/services/${service.id}.xml`)).body as string;
    expect(definition).to.include(`<service_definition><service_code>${service.id}</service_code><attributes/>`);
  });

  it('takes a request in XML: its number and token in <service_requests><request>', async () => {
    const res = await submit(fields(), '', 'xml');
    expect(res.status).to.equal(201);
    const [created] = expectValidXml('request-responses.json', res, 'service_requests');
    expect(created.service_request_id).to.match(/^\d{14}$/);
    expect(created.token).to.match(/^[0-9a-f-]{36}$/);
    expect(created.service_notice).to.be.a('string');
    const resolved = fromXml((await getXml(`/tokens/${created.token}.xml`)).body);
    expect(resolved).to.deep.equal([{ service_request_id: created.service_request_id, token: created.token }]);
  });

  it('issues one token per request, stored, resolved in both formats; an unknown token is a 404', async () => {
    const { services } = await testApp();
    const row = await services
      .db('open311_requests as r')
      .join('tickets as t', 't.id', 'r.ticket_id')
      .where('t.number', number)
      .first('r.token');
    expect(row.token).to.equal(token);
    const json = await get(`/tokens/${token}.json`);
    expectValid('tokens.json', json.body);
    expect(json.body).to.deep.equal([{ service_request_id: number, token }]);
    const other = await submitted(key, { service_code: String(service.id) });
    expect(other).to.not.equal(number);
    for (const t of ['00000000-0000-4000-8000-000000000000', 'nope']) {
      const missing = await get(`/tokens/${t}.json`);
      expect(missing.status).to.equal(404);
      expectValid('errors.json', missing.body);
      const xml = await getXml(`/tokens/${t}.xml`);
      expect(xml.status).to.equal(404);
      expect(expectValidXml('errors.json', xml, 'errors')[0].code).to.equal('404');
    }
  });

  it('answers every refusal in XML as <errors><error><code/><description/>, one per problem', async () => {
    const noKey = await submit({ ...fields(), api_key: '' }, '', 'xml');
    expect(noKey.status).to.equal(403);
    expect(expectValidXml('errors.json', noKey, 'errors')).to.have.length(1);
    expect(noKey.body).to.match(
      /<errors><error><code>403<\/code><description>[^<]+<\/description><\/error><\/errors>$/,
    );
    const bad = await submit({ ...fields(), lat: 'north', phone: 'call me' }, '', 'xml');
    expect(bad.status).to.equal(400);
    const problems = expectValidXml('errors.json', bad, 'errors');
    expect(problems.map((e: any) => e.description.split(':')[0])).to.have.members(['lat', 'long', 'phone']);
    for (const p of [`/services/999999999.xml`, '/requests/1.xml', '/nothing.xml']) {
      const res = await getXml(p);
      expect(res.status, p).to.equal(404);
      expectValidXml('errors.json', res, 'errors');
    }
    const range = await getXml('/requests.xml?start_date=2026-03-01&end_date=2026-02-01');
    expect(range.status).to.equal(400);
    expect(expectValidXml('errors.json', range, 'errors')[0].description).to.match(/^end_date/);
  });

  it('keeps a photo posted as multipart to requests.xml', async () => {
    const form = new FormData();
    for (const [k, v] of Object.entries({ ...fields(), 'attribute[side]': 'north' })) form.append(k, v);
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
      'base64',
    );
    form.append('media', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'pothole.png');
    const res = await fetch(`${(await testApp()).baseUrl}/open311/v2/requests.xml`, { method: 'POST', body: form });
    const body = await res.text();
    expect(res.status, body).to.equal(201);
    expect(res.headers.get('content-type')).to.equal('text/xml; charset=utf-8');
    const [created] = fromXml(body);
    const t = await ticketOf(h, created.service_request_id);
    expect(t.attachments.map((a: any) => [a.purpose, a.name])).to.deep.equal([['open311', 'pothole.png']]);
    expect(t.events[0].data.origin.attributes).to.deep.equal({ side: 'north' });
  });

  it('keeps attribute[code] fields as submitted: on the request, in the create event and the description', async () => {
    const created = await submitted(key, {
      service_code: String(service.id),
      'attribute[WHISPAWN]': '1',
      'attribute[depth_cm]': '15',
    });
    const res = await submit({ ...fields(), 'attribute[kinds][]': ['cover', 'frame'] });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    const t = await ticketOf(h, created);
    expect(t.events[0].data.origin.attributes).to.deep.equal({ WHISPAWN: '1', depth_cm: '15' });
    expect(t.description).to.include('WHISPAWN=1; depth_cm=15');
    const { services } = await testApp();
    const rows = await services.db('open311_requests').whereIn('token', [res.body[0].token]).select('attributes');
    expect(JSON.parse(rows[0].attributes)).to.deep.equal({ kinds: ['cover', 'frame'] });
    const refused = await submit({ ...fields(), 'attribute[no spaces]': 'x', 'attribute[long]': 'y'.repeat(1001) });
    expect(refused.status).to.equal(400);
    expect(refused.body.map((e: any) => e.description.split(':')[0])).to.have.members([
      'attribute.no spaces',
      'attribute.long',
    ]);
  });

  it('ignores the parameters it does not use, on every endpoint, whatever they hold', async () => {
    const extras = {
      jurisdiction_id: 'city.example.org',
      extensions: 'true',
      lang: 'zh-CN',
      email: 'not-an-email',
      device_id: 'dev-1',
      account_id: 'acc-1',
      service_name: '别的名字',
      address_id: 'A-77',
      my_app_version: '3.2',
    };
    const res = await submit({ ...fields(), ...extras });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    const query = new URLSearchParams(extras).toString();
    for (const p of ['/discovery', '/services', `/services/${service.id}`, `/requests/${number}`, `/tokens/${token}`]) {
      expect((await get(`${p}.json?${query}`)).status, p).to.equal(200);
      expect((await getXml(`${p}.xml?${query}`)).status, p).to.equal(200);
    }
  });
});
