// Refusals name their message by key and parameters beside the "中文 / English" text, each field's too, and the
// pages read the configured numbers they word their rules with from GET /api/v1/settings/public.
import { expect } from 'chai';
import { Client } from '../helpers/http.ts';
import { testApp } from '../helpers/test-app.ts';
import { bilingual } from '../../server/i18n/index.ts';
import type { Config } from '../../config/default.ts';

describe('messages by key, and the public settings', () => {
  let api: Client;
  let config: Config;
  before(async () => {
    const app = await testApp();
    api = new Client(app.baseUrl);
    config = app.services.config;
  });

  it('answers a refusal with its key and parameters, and its text in both languages', async () => {
    const res = await api.get('/api/v1/public/tickets/123?phone_last4=12');
    expect(res.status).to.equal(400);
    expect(res.body.error).to.include({
      code: 'VALIDATION_FAILED',
      key: 'error.invalidInput',
      message: '请求参数有误 / invalid input',
    });
    const byPath = Object.fromEntries(res.body.error.details.map((d: any) => [d.path, d]));
    expect(byPath.number).to.deep.equal({
      path: 'number',
      key: 'ticket.numberFormat',
      message: bilingual('ticket.numberFormat'),
    });
    expect(byPath.phone_last4.key).to.equal('ticket.phoneLast4');
  });

  it('words a missing route from the catalogue', async () => {
    const res = await api.get('/api/v1/nothing-here');
    expect(res.body.error).to.include({
      code: 'NOT_FOUND',
      key: 'error.noRoute',
      message: '页面或接口不存在 / no such route',
    });
  });

  it('tells anyone what the pages say: return and extension days, unreasonable demands, the ranked', async () => {
    const res = await api.get('/api/v1/settings/public');
    expect(res.status).to.equal(200);
    const c = config;
    expect(res.body).to.deep.equal({
      return_within_workdays: c.rules.returnWithinWorkdays,
      max_extension_workdays: c.rules.maxExtensionWorkdays,
      auto_close_days: c.ratings.autoCloseDays,
      unreasonable_kinds: c.unreasonable.kinds,
      leaderboard: {
        min_sample: c.leaderboard.minSample,
        list_size: c.leaderboard.listSize,
        min_ranked: c.leaderboard.minRanked,
      },
    });
  });
});
