// Talking to the Open311 GeoReport v2 endpoints as a partner system would, and checking every answer against
// the published JSON Schemas (test/fixtures/open311/georeport-v2/). Every answer is kept, so a suite can assert at the
// end that no caller data ever left through Open311.
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { Client, type Res } from './http.ts';
import { makeCategory, uniq } from './factories.ts';
import { testApp } from './test-app.ts';
import { ok, type Hotline } from './tickets.ts';
import { SchemaSet } from './json-schema.ts';

const DIR = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../fixtures/open311/georeport-v2');
const swagger = JSON.parse(fs.readFileSync(path.join(DIR, 'swagger.json'), 'utf8'));

/** swagger.json marks ids with the non-standard format "uid", which names no check: dropped. */
function withoutUid(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withoutUid);
  if (!schema || typeof schema !== 'object') return schema;
  return Object.fromEntries(
    Object.entries(schema)
      .filter(([k, v]) => !(k === 'format' && v === 'uid'))
      .map(([k, v]) => [k, withoutUid(v)]),
  );
}

export const schemas = new SchemaSet()
  .addFolder(DIR, ['swagger.json'])
  // The answer to POST requests.json: a list of RequestResponse (the swagger description's definition).
  .add('request-responses.json', {
    type: 'array',
    minItems: 1,
    items: withoutUid(swagger.definitions.RequestResponse) as Record<string, unknown>,
  })
  // GeoReport v2 "Errors": a list of {code, description}.
  .add('errors.json', {
    type: 'array',
    minItems: 1,
    items: {
      type: 'object',
      required: ['code', 'description'],
      properties: { code: { type: 'integer' }, description: { type: 'string', minLength: 1 } },
    },
  })
  // The Service Discovery specification (every field required; no schema is published for it).
  .add('discovery.json', {
    type: 'object',
    required: ['changeset', 'contact', 'key_service', 'endpoints'],
    properties: {
      changeset: { type: 'string', minLength: 1 },
      contact: { type: 'string', minLength: 1 },
      key_service: { type: 'string', minLength: 1 },
      endpoints: {
        type: 'array',
        minItems: 1,
        items: {
          type: 'object',
          required: ['specification', 'url', 'changeset', 'type', 'formats'],
          properties: {
            specification: { type: 'string' },
            url: { type: 'string', format: 'uri' },
            changeset: { type: 'string' },
            type: { enum: ['production', 'test'] },
            formats: { type: 'array', minItems: 1, items: { type: 'string' } },
          },
        },
      },
    },
  });

/**
 * Asserts `body` is valid against the schema added as `id`; schemas of single objects lack "type", so objects are
 * checked too.
 */
export function expectValid(id: string, body: unknown) {
  expect(schemas.validate(id, body), `${id}: ${JSON.stringify(body)}`).to.deep.equal([]);
  const items = Array.isArray(body) ? body : [body];
  for (const item of items) expect(item, id).to.be.an('object');
}

/** Every answer body the Open311 endpoints gave in this process. */
export const answers: string[] = [];

export async function open311(): Promise<Client> {
  return new Client(`${(await testApp()).baseUrl}/open311/v2`);
}

export async function get(p: string): Promise<Res> {
  const res = await (await open311()).get(p);
  answers.push(JSON.stringify(res.body));
  return res;
}

/** POST requests.json form-encoded; `fields` may repeat a name by giving an array. */
export async function submit(fields: Record<string, string | string[]>, query = ''): Promise<Res> {
  const form = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) form.append(k, x);
  const res = await (
    await open311()
  ).request('POST', `/requests.json${query}`, form.toString(), {
    'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
  });
  answers.push(JSON.stringify(res.body));
  return res;
}

/** An Open311 api_key issued by the hotline's administrator. */
export async function issueKey(h: Hotline) {
  return ok(h.admin.post('/api/v1/open311-keys', { name: uniq('合作方') }), 201);
}

/** A category (service) whose default department is the hotline's own department. */
export async function makeService(h: Hotline) {
  return makeCategory(h.dept.id);
}

/** The description of a request in `fields`, posted with `key`, answered 201: its number. */
export async function submitted(key: string, fields: Record<string, string>): Promise<string> {
  const res = await submit({
    api_key: key,
    address_string: '朝阳区某路 1 号',
    description: '路灯不亮。晚上很黑',
    ...fields,
  });
  expect(res.status, JSON.stringify(res.body)).to.equal(201);
  expectValid('request-responses.json', res.body);
  return res.body[0].service_request_id;
}

/** The ticket behind a request number, as an operator sees it (with its timeline, caller unmasked). */
export async function ticketOf(h: Hotline, number: string) {
  const list = await ok(h.operator.get(`/api/v1/tickets?q=${number}`));
  expect(list.items, number).to.have.length(1);
  return ok(h.operator.get(`/api/v1/tickets/${list.items[0].id}`));
}

/** The one request answered for a number. */
export async function requestOf(number: string) {
  const res = await get(`/requests/${number}.json`);
  expect(res.status, JSON.stringify(res.body)).to.equal(200);
  expectValid('requests.json', res.body);
  expect(res.body).to.have.length(1);
  return res.body[0];
}
