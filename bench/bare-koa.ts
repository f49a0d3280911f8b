// The bare limit to judge ticket creation against: Koa, a JSON body, one knex transaction inserting a ticket-like
// row and an event row. Nothing else: no auth, no validation, no numbering.
import http from 'node:http';
import Koa from 'koa';
import { bodyParser } from '@koa/bodyparser';
import { createDb } from '../server/lib/db.ts';
import { loadConfig } from '../config/default.ts';

const config = loadConfig();
const db = createDb(config);
await db.schema.dropTableIfExists('bare_events');
await db.schema.dropTableIfExists('bare_tickets');
await db.schema.createTable('bare_tickets', (t) => {
  t.increments('id');
  t.string('title', 200);
  t.text('description');
  t.string('created_at', 23);
});
await db.schema.createTable('bare_events', (t) => {
  t.increments('id');
  t.integer('ticket_id');
  t.string('action', 32);
  t.string('created_at', 23);
});

const app = new Koa();
app.use(bodyParser());
app.use(async (ctx) => {
  if (ctx.path === '/healthz') {
    ctx.body = { status: 'ok' };
    return;
  }
  const body = ctx.request.body as { title: string; description: string };
  // As the service stores times: 'YYYY-MM-DD HH:MM:SS.mmm' fits VARCHAR(23) (an ISO string does not, on MariaDB).
  const now = new Date().toISOString().replace('T', ' ').replace('Z', '');
  const id = await db.transaction(async (trx) => {
    const [id] = await trx('bare_tickets').insert({
      title: body.title,
      description: body.description,
      created_at: now,
    });
    await trx('bare_events').insert({ ticket_id: id, action: 'create', created_at: now });
    return id;
  });
  ctx.status = 201;
  ctx.body = { id };
});
http.createServer(app.callback()).listen(Number(process.env.PORT), '127.0.0.1');
