import { expect } from 'chai';
import { Client } from '../helpers/http.ts';
import { testApp } from '../helpers/test-app.ts';

describe('service basics', () => {
  let api: Client;
  before(async () => {
    api = new Client((await testApp()).baseUrl);
  });

  it('answers /healthz', async () => {
    const res = await api.get('/healthz');
    expect(res.status).to.equal(200);
    expect(res.body).to.deep.equal({ status: 'ok' });
  });

  it('answers unknown routes with a JSON 404', async () => {
    const res = await api.get('/api/v1/nothing-here');
    expect(res.status).to.equal(404);
    expect(res.body.error.code).to.equal('NOT_FOUND');
  });

  it('refuses malformed JSON with 400 and stores nothing', async () => {
    const res = await api.post('/api/v1/auth/login', '{"username": ');
    expect(res.status).to.equal(400);
    expect(res.body.error.code).to.equal('VALIDATION_FAILED');
  });

  it('serves the sign-in page and its bundled script', async () => {
    const page = await api.get('/');
    expect(page.status).to.equal(200);
    expect(page.headers.get('content-type')).to.include('text/html');
    expect(page.body).to.include('/assets/index.js');
    const js = await api.get('/assets/index.js');
    expect(js.status).to.equal(200);
    expect(js.headers.get('content-type')).to.include('javascript');
    const again = await api.get('/assets/index.js', { 'if-none-match': js.headers.get('etag')! });
    expect(again.status).to.equal(304);
    expect((await api.get('/assets/nothing.js')).status).to.equal(404);
  });
});
