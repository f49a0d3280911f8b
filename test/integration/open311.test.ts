import { expect } from 'chai';
import { clock } from '../../server/lib/clock.ts';
import { SYSTEM } from '../../server/domain/users/actor.ts';
import { testApp } from '../helpers/test-app.ts';
import { hotline, ok, type Hotline } from '../helpers/tickets.ts';
import {
  expectValid,
  get,
  issueKey,
  makeService,
  open311,
  requestOf,
  submit,
  submitted,
  ticketOf,
} from '../helpers/open311.ts';

describe('Open311 GeoReport v2: services and submitting requests', () => {
  let h: Hotline;
  let key: string;
  let service: { id: number; name: string };
  const ticketCount = async () => Number((await (await testApp()).services.db('tickets').count({ n: '*' }).first())!.n);

  before(async () => {
    h = await hotline();
    key = (await issueKey(h)).key;
    service = await makeService(h);
  });
  beforeEach(async () => {
    await h.signInAgain();
  });

  describe('GET discovery.json', () => {
    it('points at the v2 endpoint and says it answers XML and JSON', async () => {
      const res = await get('/discovery.json');
      expect(res.status).to.equal(200);
      expectValid('discovery.json', res.body);
      const [endpoint] = res.body.endpoints;
      expect(endpoint.specification).to.equal('http://wiki.open311.org/GeoReport_v2');
      expect(endpoint.url).to.match(/\/open311\/v2$/);
      expect(endpoint.formats).to.deep.equal(['text/xml', 'application/json']);
    });
  });

  describe('GET services.json', () => {
    it('lists the active categories as services, grouped by their department', async () => {
      const res = await get('/services.json');
      expect(res.status).to.equal(200);
      expectValid('services.json', res.body);
      expect(res.body.find((s: any) => s.service_code === String(service.id))).to.deep.equal({
        service_code: String(service.id),
        service_name: service.name,
        description: null,
        metadata: false,
        type: 'realtime',
        keywords: null,
        group: h.dept.name,
      });
    });

    it('leaves out an inactive category, and its definition is a 404', async () => {
      const gone = await makeService(h);
      await ok(h.admin.patch(`/api/v1/categories/${gone.id}`, { active: false }));
      const res = await get('/services.json');
      expect(res.body.map((s: any) => s.service_code)).to.not.include(String(gone.id));
      const def = await get(`/services/${gone.id}.json`);
      expect(def.status).to.equal(404);
      expectValid('errors.json', def.body);
    });
  });

  describe('GET services/:code.json', () => {
    it('defines a service without attributes', async () => {
      const res = await get(`/services/${service.id}.json`);
      expect(res.status).to.equal(200);
      expectValid('service-definition.json', res.body);
      expect(res.body).to.deep.equal({ service_code: String(service.id), attributes: [] });
    });

    it('answers 404 in the Open311 error shape for an unknown or malformed code', async () => {
      for (const code of ['999999999', 'abc']) {
        const res = await get(`/services/${code}.json`);
        expect(res.status).to.equal(404);
        expectValid('errors.json', res.body);
        expect(res.body[0].code).to.equal(404);
        expect(res.body[0].description).to.include(code);
      }
    });
  });

  describe('POST requests.json', () => {
    it('turns a request into a received web complaint created by the system, naming the key', async () => {
      clock.set('2026-11-18T09:30:00+08:00');
      const number = await submitted(key, {
        service_code: String(service.id),
        description: '小区门口路灯坏了三天。晚上出行不便，请尽快维修。',
        address_string: '海淀区中关村大街 27 号',
        first_name: '四',
        last_name: '李',
        phone: '139-0000-1234',
      });
      expect(number).to.match(/^20261118\d{6}$/);
      await h.signInAgain();
      const t = await ticketOf(h, number);
      expect(t).to.include({
        channel: 'web',
        type: 'complaint',
        urgency: 'normal',
        status: 'received',
        category_id: service.id,
        title: '小区门口路灯坏了三天',
        address: '海淀区中关村大街 27 号',
        caller_name: '李四',
        caller_phone: '13900001234',
        confidential: false,
        department_id: null,
      });
      expect(t.description).to.equal('小区门口路灯坏了三天。晚上出行不便，请尽快维修。');
      const keys = await ok(h.admin.get('/api/v1/open311-keys'));
      const mine = keys.find((k: any) => key.startsWith(k.key_prefix));
      expect(t.events).to.have.length(1);
      expect(t.events[0]).to.include({ action: 'create', actor_id: null, actor_role: 'system' });
      expect(t.events[0].data.origin).to.deep.equal({ via: 'open311', key_id: mine.id, key_name: mine.name });
    });

    it(
      'takes the location from lat/long alone, keeps it in ' + 'the description for the operator, and answers it back',
      async () => {
        const number = await submitted(key, {
          service_code: String(service.id),
          address_string: '',
          lat: '39.9042',
          long: '116.4074',
          first_name: 'Ann',
          last_name: 'Lee',
          media_url: 'https://img.example/p/1.jpg',
          address_id: 'A-77',
        });
        const t = await ticketOf(h, number);
        expect(t.address).to.equal(null);
        expect(t.caller_name).to.equal('Ann Lee');
        expect(t.description).to.equal(
          '路灯不亮。晚上很黑\n' +
            '位置 / location: 39.9042, 116.4074\n' +
            '地址编号 / address id: A-77\n' +
            '图片 / media: https://img.example/p/1.jpg',
        );
        const r = await requestOf(number);
        expect(r).to.include({
          lat: 39.9042,
          long: 116.4074,
          address: null,
          address_id: 'A-77',
          media_url: 'https://img.example/p/1.jpg',
        });
      },
    );

    it('titles a request without a description with the service name', async () => {
      const res = await submit({ api_key: key, service_code: String(service.id), address_string: '某路口' });
      expect(res.status).to.equal(201);
      const t = await ticketOf(h, res.body[0].service_request_id);
      expect(t.title).to.equal(service.name);
      expect(t.description).to.equal(service.name);
    });

    it('refuses a missing, unknown or revoked api_key with 403 and stores nothing', async () => {
      const spare = await issueKey(h);
      await ok(h.admin.post(`/api/v1/open311-keys/${spare.id}/revoke`));
      const before = await ticketCount();
      const fields = { service_code: String(service.id), address_string: '某路 1 号', description: '测试' };
      for (const apiKey of [undefined, '', 'o311_not-a-key', spare.key]) {
        const res = await submit(apiKey === undefined ? fields : { ...fields, api_key: apiKey });
        expect(res.status, String(apiKey)).to.equal(403);
        expectValid('errors.json', res.body);
        expect(res.body[0].code).to.equal(403);
        expect(res.body[0].description).to.match(/api_key/);
      }
      expect(await ticketCount()).to.equal(before);
    });

    it('takes the api_key from the query string too', async () => {
      const res = await submit(
        { service_code: String(service.id), address_string: '某路 2 号' },
        `?api_key=${encodeURIComponent(key)}`,
      );
      expect(res.status).to.equal(201);
    });

    it('lists every problem of a malformed form, one error each naming its field, and stores nothing', async () => {
      const before = await ticketCount();
      const res = await submit({
        api_key: key,
        service_code: [String(service.id), String(service.id)],
        lat: 'north',
        phone: 'call me',
        description: '长'.repeat(4001),
        media_url: 'ftp://example.com/x',
        email: 'not-an-email',
        colour: 'red',
        'attribute[no spaces allowed]': '1',
      });
      expect(res.status).to.equal(400);
      expectValid('errors.json', res.body);
      const text = res.body.map((e: any) => e.description);
      for (const field of ['service_code', 'lat', 'phone', 'description', 'media_url', 'attribute']) {
        expect(
          text.some((d: string) => d.startsWith(`${field}`)),
          `${field} in ${text.join(' | ')}`,
        ).to.equal(true);
      }
      expect(res.body.every((e: any) => e.code === 400)).to.equal(true);
      // A parameter Hotline does not use is ignored, whatever it holds (open311-formats.test.ts).
      expect(text.filter((d: string) => /^(email|colour)/.test(d))).to.deep.equal([]);
      expect(await ticketCount()).to.equal(before);
    });

    it('needs a location, and lat with long', async () => {
      const none = await submit({ api_key: key, service_code: String(service.id), description: '没有位置' });
      expect(none.status).to.equal(400);
      expect(none.body[0].description).to.match(/^address_string: .*location/);
      const half = await submit({ api_key: key, service_code: String(service.id), lat: '39.9' });
      expect(half.status).to.equal(400);
      expect(half.body.map((e: any) => e.description.split(':')[0])).to.include('long');
      const far = await submit({ api_key: key, service_code: String(service.id), lat: '91', long: '116' });
      expect(far.status).to.equal(400);
      expect(far.body[0].description).to.match(/^lat: /);
    });

    it('answers 400 for a body that is not form-encoded, 404 for an unknown service_code', async () => {
      const api = await open311();
      const json = await api.post('/requests.json', {
        api_key: key,
        service_code: String(service.id),
        address_string: 'x',
      });
      expect(json.status).to.equal(400);
      expectValid('errors.json', json.body);
      expect(json.body[0].description).to.match(/form-encoded/);
      const unknown = await submit({ api_key: key, service_code: '999999999', address_string: '某路' });
      expect(unknown.status).to.equal(404);
      expect(unknown.body[0].description).to.include('service_code 999999999');
    });

    it('limits submissions per api_key: 429 past the limit, another key still passes', async () => {
      const { services } = await testApp();
      const saved = { ...services.config.rateLimit };
      const [a, b] = [await issueKey(h), await issueKey(h)];
      const fields = { service_code: String(service.id), address_string: '某路 3 号' };
      try {
        services.config.rateLimit.open311PerWindow = 2;
        clock.set('2027-01-05T10:00:00Z'); // the start of a fresh window
        const statuses = [];
        for (let i = 0; i < 3; i++) statuses.push((await submit({ ...fields, api_key: a.key })).status);
        expect(statuses).to.deep.equal([201, 201, 429]);
        const limited = await submit({ ...fields, api_key: a.key });
        expectValid('errors.json', limited.body);
        expect(limited.body[0].code).to.equal(429);
        expect(Number(limited.headers.get('retry-after'))).to.be.within(1, 60);
        expect((await submit({ ...fields, api_key: b.key })).status).to.equal(201);
        clock.set('2027-01-05T10:01:00Z');
        expect((await submit({ ...fields, api_key: a.key })).status).to.equal(201);
      } finally {
        Object.assign(services.config.rateLimit, saved);
      }
    });
  });

  describe('creating as the system', () => {
    const origin = { via: 'open311', key_id: 1, key_name: 'x' };
    const input = {
      channel: 'web',
      type: 'complaint',
      urgency: 'normal',
      title: '系统登记',
      description: '系统登记',
      confidential: false,
    } as const;

    it('is allowed only for the web channel and with a named origin', async () => {
      const { services } = await testApp();
      const before = await ticketCount();
      for (const [i, o] of [
        [{ ...input, channel: 'phone' }, origin],
        [input, undefined],
      ] as const) {
        const err = await services.tickets.create(SYSTEM, i, undefined, o).then(
          () => null,
          (e) => e,
        );
        expect(err?.status).to.equal(403);
      }
      expect(await ticketCount()).to.equal(before);
    });

    it('keeps the ticket and its Open311 row together: a failing row rolls the ticket back', async () => {
      const { services } = await testApp();
      const before = await ticketCount();
      // No such key: the request row's foreign key fails after the ticket was inserted in the same transaction.
      const err = await services.open311
        .create({ id: 999_999, name: 'ghost' }, { service_code: String(service.id), address_string: '某路' })
        .then(
          () => null,
          (e) => e,
        );
      expect(String(err?.message)).to.match(/foreign key/i);
      expect(await ticketCount()).to.equal(before);
    });
  });

  describe('formats and unknown resources', () => {
    it('answers an unknown resource or format with 404 in the Open311 shape', async () => {
      for (const p of ['/tokens/1.json', '/nothing', '', '/services.csv']) {
        const res = await get(p);
        expect(res.status, p).to.equal(404);
        expectValid('errors.json', res.body);
      }
    });
  });

  describe('/api/v1/open311-keys', () => {
    it('issues a key shown once, lists keys without it, and revokes', async () => {
      const issued = await issueKey(h);
      expect(issued.key).to.match(/^o311_[A-Za-z0-9_-]{32}$/);
      expect(issued.key.startsWith(issued.key_prefix)).to.equal(true);
      const list = await ok(h.admin.get('/api/v1/open311-keys'));
      const listed = list.find((k: any) => k.id === issued.id);
      expect(listed).to.not.have.any.keys('key', 'key_hash');
      expect(listed.revoked_at).to.equal(null);
      const { services } = await testApp();
      const row = await services.db('open311_keys').where({ id: issued.id }).first();
      expect(row.key_hash).to.have.length(64).and.not.include(issued.key);
      const revoked = await ok(h.admin.post(`/api/v1/open311-keys/${issued.id}/revoke`));
      expect(revoked.revoked_at).to.be.a('string');
      expect((await h.admin.post('/api/v1/open311-keys/999999/revoke')).status).to.equal(404);
    });

    it('is for administrators only, and checks the name', async () => {
      expect((await h.operator.post('/api/v1/open311-keys', { name: 'x' })).status).to.equal(403);
      expect((await h.supervisor.get('/api/v1/open311-keys')).status).to.equal(403);
      const bad = await h.admin.post('/api/v1/open311-keys', { name: '', extra: 1 });
      expect(bad.status).to.equal(400);
      expect(bad.body.error.details.map((d: any) => d.path)).to.include.members(['name', 'extra']);
    });
  });
});
