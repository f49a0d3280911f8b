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
import { XMLParser } from 'fast-xml-parser';

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

const schemaSet = (coerceTypes: boolean) =>
  new SchemaSet({ coerceTypes })
    .addFolder(DIR, ['swagger.json'])
    // The answer to POST requests.json: a list of RequestResponse (the swagger description's definition).
    .add('request-responses.json', {
      type: 'array',
      minItems: 1,
      items: withoutUid(swagger.definitions.RequestResponse) as Record<string, unknown>,
    })
    // GET tokens/:token: a list of TokenResponse (the swagger description's definition), both fields given.
    .add('tokens.json', {
      type: 'array',
      minItems: 1,
      items: {
        ...(withoutUid(swagger.definitions.TokenResponse) as Record<string, unknown>),
        required: ['service_request_id', 'token'],
      },
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

export const schemas = schemaSet(false);
/** The same schemas for answers read back from XML, whose values are all text: numbers and booleans coerced. */
const xmlSchemas = schemaSet(true);

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

/** POST requests.json (or .xml) form-encoded; `fields` may repeat a name by giving an array. */
export async function submit(
  fields: Record<string, string | string[]>,
  query = '',
  format: 'json' | 'xml' = 'json',
): Promise<Res> {
  const form = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) form.append(k, x);
  const res = await (
    await open311()
  ).request('POST', `/requests.${format}${query}`, form.toString(), {
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

/** Elements that are one item of a list in GeoReport's XML, and the groups holding such lists inside an item. */
const ITEMS = ['service', 'request', 'error', 'endpoint', 'format', 'attribute', 'value'];
const GROUPS: Record<string, string> = {
  endpoints: 'endpoint',
  formats: 'format',
  attributes: 'attribute',
  values: 'value',
};
const LIST_ROOTS: Record<string, string> = { services: 'service', service_requests: 'request', errors: 'error' };
const parser = new XMLParser({ ignoreAttributes: true, parseTagValue: false, isArray: (name) => ITEMS.includes(name) });

/**
 * An XML answer read back (fast-xml-parser) in the shape of the JSON answer: the items of a list root as a list, the
 * groups (<attributes><attribute>) as lists, every value as its text, an empty element as null.
 */
export function fromXml(xml: string): any {
  const doc = parser.parse(xml, true);
  const roots = Object.keys(doc).filter((k) => k !== '?xml');
  expect(roots, xml).to.have.length(1);
  const unwrap = (key: string | null, v: any): any => {
    const group = key ? GROUPS[key] : undefined;
    if (group) return v === '' ? [] : (v[group] ?? []).map((x: unknown) => unwrap(null, x));
    if (v === '') return null;
    if (Array.isArray(v)) return v.map((x) => unwrap(null, x));
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, unwrap(k, x)]));
    return v;
  };
  const root = doc[roots[0]!];
  const item = LIST_ROOTS[roots[0]!];
  if (item) return root === '' ? [] : root[item].map((x: unknown) => unwrap(null, x));
  return unwrap(null, root);
}

/** A JSON answer as XML can say it: every value its text, null as null. */
export function asText(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (Array.isArray(v)) return v.map(asText);
  if (typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, asText(x)]));
  return String(v);
}

/**
 * Asserts an XML answer is what GeoReport v2 writes (text/xml, UTF-8, the root element of `id`'s resource) and,
 * read back, valid against the same JSON Schema as the JSON answer. Returns it read back.
 */
export function expectValidXml(id: string, res: Res, root: string): any {
  expect(res.headers.get('content-type')).to.equal('text/xml; charset=utf-8');
  expect(res.body, res.body).to.match(new RegExp(`^<\\?xml version="1.0" encoding="utf-8"\\?>\\n<${root}[/>]`));
  answers.push(res.body);
  const read = fromXml(res.body);
  const coerced = structuredClone(read);
  expect(xmlSchemas.validate(id, coerced), `${id}: ${res.body}`).to.deep.equal([]);
  return read;
}

/** GET in XML. */
export async function getXml(p: string): Promise<Res> {
  return (await open311()).get(p);
}
