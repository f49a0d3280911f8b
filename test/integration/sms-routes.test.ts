// The gateway's receipts and opt-outs, and the administrators' templates, opt-outs and list of texts (docs/api.md
// "Texts (SMS)", docs/rules/messages.md), over real HTTP with the tests' own gateway.
import { expect } from 'chai';
import { TestSmsGateway, smsTestApp } from '../helpers/sms-gateway.ts';
import { signedIn } from '../helpers/factories.ts';
import type { Client } from '../helpers/http.ts';
import { clock } from '../../server/lib/clock.ts';
import { smsOutbox, type SmsMessage } from '../../server/domain/sms/sms-outbox.ts';
import { DEFAULT_SMS_TEMPLATES } from '../../server/domain/sms/sms-templates.ts';
import type { Services } from '../../server/services.ts';

const API = '/api/v1';
const T0 = new Date('2030-07-03T10:00:00+08:00');
let serial = 0;
const mobile = () => `137${String(process.pid % 1000).padStart(3, '0')}${String(++serial).padStart(5, '0')}`;

describe('texts: receipts, opt-outs, templates and the list of texts', () => {
  let s: Services;
  let baseUrl: string;
  let restore: () => void;
  let admin: Client;
  let supervisor: Client;
  let operator: Client;
  const gateway = new TestSmsGateway();

  const text = (to: string, extra: Partial<SmsMessage> = {}): SmsMessage => ({
    to,
    template: 'rating_invite',
    params: { number: 'RX2030070300001', days: '3', rate_url: 'https://12345.example/rate/abc' },
    ...extra,
  });
  const enqueue = (messages: SmsMessage[]) => s.db.transaction((trx) => smsOutbox.enqueue(trx, messages, clock.now()));
  const row = async (to: string) => s.db('outbox').where({ kind: 'sms', recipient: to }).orderBy('id', 'desc').first();

  before(async () => {
    await gateway.start();
    const app = await smsTestApp(gateway);
    s = app.services;
    baseUrl = app.baseUrl;
    restore = app.restore;
    clock.set(T0); // sessions are signed in on the tests' clock
    admin = (await signedIn('admin')).api;
    supervisor = (await signedIn('supervisor')).api;
    operator = (await signedIn('operator')).api;
  });
  after(async () => {
    restore();
    await gateway.stop();
  });
  beforeEach(() => {
    clock.set(T0);
    gateway.clear();
  });

  it('stores a delivery receipt once, keeps delivered final, and shows it with the number masked', async () => {
    const to = mobile();
    await enqueue([text(to)]);
    await s.outbox.sendDue();
    const id = (await row(to)).id;
    const at = '2030-07-03T10:00:05+08:00';
    const r = await gateway.receipt(baseUrl, `sms-${id}`, 'DELIVERED', at);
    expect(r.status).to.equal(200);
    expect(r.body).to.deep.equal({
      message_id: `sms-${id}`,
      delivery_status: 'delivered',
      delivered_at: '2030-07-03T02:00:05.000Z',
    });
    expect((await gateway.receipt(baseUrl, `sms-${id}`, 'delivered', at)).body).to.deep.equal(r.body);
    expect((await gateway.receipt(baseUrl, `sms-${id}`, 'failed')).body.delivery_status).to.equal('delivered');

    for (const reader of [admin, supervisor]) {
      const list = await reader.get(`${API}/sms/messages?phone=${to}`);
      expect(list.status).to.equal(200);
      expect(list.body.total).to.equal(1);
      expect(list.body.items[0]).to.deep.include({
        message_id: `sms-${id}`,
        to: `${to.slice(0, 3)}****${to.slice(-4)}`,
        template: 'rating_invite',
        status: 'sent',
        attempts: 1,
        last_error: null,
        delivery_status: 'delivered',
        delivered_at: '2030-07-03T02:00:05.000Z',
      });
      expect(JSON.stringify(list.body), 'no full number, no words').not.to.include(to).and.not.include('rate/abc');
    }
    expect((await operator.get(`${API}/sms/messages`)).status).to.equal(403);
    const failed = await admin.get(`${API}/sms/messages?status=failed`);
    expect(failed.body.items.map((i: { message_id: string }) => i.message_id)).not.to.include(`sms-${id}`);
  });

  it('refuses a receipt without the bearer token (401), with a wrong one (403), of an unknown text (404)', async () => {
    const to = mobile();
    await enqueue([text(to)]);
    await s.outbox.sendDue();
    const id = (await row(to)).id;
    expect((await gateway.receipt(baseUrl, `sms-${id}`, 'delivered', undefined, '')).status).to.equal(401);
    const wrong = await gateway.receipt(baseUrl, `sms-${id}`, 'delivered', undefined, 'not-the-token');
    expect(wrong.status).to.equal(403);
    // A session's bearer token is not the gateway's.
    const asAdmin = await admin.post(`${API}/sms/receipts`, { message_id: `sms-${id}`, status: 'delivered' });
    expect(asAdmin.status).to.equal(403);
    expect((await row(to)).delivery_status).to.equal(null);
    expect((await gateway.receipt(baseUrl, 'sms-999999999', 'delivered')).status).to.equal(404);
    const bad = await gateway.receipt(baseUrl, 'outbox-1', 'delivered');
    expect(bad.status).to.equal(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path)).to.deep.equal(['message_id']);
  });

  it('suppresses all but urgent texts to a number that replied 退订, until an administrator removes it', async () => {
    const to = mobile();
    await enqueue([text(to)]);
    expect((await gateway.optOut(baseUrl, to, 'wrong')).status).to.equal(403);
    const r = await gateway.optOut(baseUrl, `+86 ${to}`);
    expect(r.status).to.equal(200);
    expect(r.body).to.include({ phone: to, opted_out: true, suppressed: 1 });
    await enqueue([text(to), text(to, { template: 'red_card', urgent: true, params: {} })]);
    const result = await s.outbox.sendDue();
    expect(result.sms.sent).to.equal(1);
    expect(gateway.accepted(to).map((p) => p.template)).to.deep.equal(['red_card']);
    const statuses = await s.db('outbox').where({ kind: 'sms', recipient: to }).orderBy('id').pluck('status');
    expect(statuses).to.deep.equal(['suppressed', 'suppressed', 'sent']);

    const list = await admin.get(`${API}/sms/opt-outs`);
    expect(list.body.find((o: { phone: string }) => o.phone === to)).to.include({ source: 'gateway' });
    expect((await supervisor.get(`${API}/sms/opt-outs`)).status).to.equal(403);
    expect((await admin.delete(`${API}/sms/opt-outs/${to}`)).status).to.equal(204);
    expect((await admin.delete(`${API}/sms/opt-outs/${to}`)).status).to.equal(404);
    await enqueue([text(to)]);
    await s.outbox.sendDue();
    expect(gateway.accepted(to)).to.have.length(2);
  });

  it('lets an administrator reword a template, refuses a value its event lacks, puts the default back', async () => {
    const list = await admin.get(`${API}/sms/templates`);
    expect(list.status).to.equal(200);
    const invite = list.body.find((t: { key: string }) => t.key === 'rating_invite');
    expect(invite).to.deep.include({
      text: DEFAULT_SMS_TEMPLATES.rating_invite,
      default_text: DEFAULT_SMS_TEMPLATES.rating_invite,
      customised: false,
      updated_at: null,
    });
    expect(invite.names).to.have.members(['number', 'days', 'rate_url']);

    const refused = await admin.put(`${API}/sms/templates/rating_invite`, { text: '工单{number}请评价{code}' });
    expect(refused.status).to.equal(400);
    expect(refused.body.error.details[0]).to.include({ path: 'text', key: 'sms.unknownName' });
    expect(refused.body.error.details[0].message).to.include('{code}');
    expect((await admin.put(`${API}/sms/templates/nothing`, { text: 'x' })).status).to.equal(404);
    expect((await supervisor.put(`${API}/sms/templates/rating_invite`, { text: 'x' })).status).to.equal(403);

    const wording = '【12345】工单{number}答复已{days}天，请点击{rate_url}评价。';
    const saved = await admin.put(`${API}/sms/templates/rating_invite`, { text: wording });
    expect(saved.status).to.equal(200);
    expect(saved.body).to.include({ text: wording, customised: true, updated_at: T0.toISOString() });
    const to = mobile();
    await enqueue([text(to)]);
    await s.outbox.sendDue();
    expect(gateway.accepted(to)[0].text).to.equal(
      '【12345】工单RX2030070300001答复已3天，请点击https://12345.example/rate/abc评价。',
    );

    const reset = await admin.put(`${API}/sms/templates/rating_invite`, { text: '' });
    expect(reset.body).to.include({ text: DEFAULT_SMS_TEMPLATES.rating_invite, customised: false });
  });
});
