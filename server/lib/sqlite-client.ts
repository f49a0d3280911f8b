// knex's better-sqlite3 client with prepared statements kept per connection. knex prepares every query anew, and
// on the short statements this service runs, preparing costs about as much as running (a ticket's creation spent a
// tenth of its CPU in prepare). The service has a few hundred distinct SQL texts; multi-row inserts and IN lists
// add more, so the cache is bounded and drops its least recently used statement.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
// knex exports no dialect classes through its typings; this one is the client `client: 'better-sqlite3'` builds.
const BetterSqlite3Client = require('knex/lib/dialects/better-sqlite3/index.js') as new (config: unknown) => object;

const MAX_STATEMENTS = 500;

interface Statement {
  reader: boolean;
  all(bindings: unknown[]): unknown[];
  run(bindings: unknown[]): { lastInsertRowid: number | bigint; changes: number };
}
interface Connection {
  prepare(sql: string): Statement;
}
interface QueryObject {
  sql?: string;
  bindings?: unknown[];
  options?: { safeIntegers?: boolean };
  response?: unknown;
  context?: unknown;
}

const caches = new WeakMap<Connection, Map<string, Statement>>();

function prepared(connection: Connection, sql: string): Statement {
  let cache = caches.get(connection);
  if (!cache) caches.set(connection, (cache = new Map()));
  let statement = cache.get(sql);
  if (statement) {
    cache.delete(sql); // re-inserted below: a Map iterates in insertion order, so the first key is the least recent
  } else {
    statement = connection.prepare(sql);
    if (cache.size >= MAX_STATEMENTS) cache.delete(cache.keys().next().value!);
  }
  cache.set(sql, statement);
  return statement;
}

export class CachingSqliteClient extends BetterSqlite3Client {
  async _query(connection: Connection, obj: QueryObject): Promise<QueryObject> {
    // A query that sets its own integer mode would change the shared statement: leave it to knex's own path.
    if (!obj.sql || !connection || obj.options?.safeIntegers !== undefined) {
      return (
        BetterSqlite3Client.prototype as { _query(c: Connection, o: QueryObject): Promise<QueryObject> }
      )._query.call(this, connection, obj);
    }
    const statement = prepared(connection, obj.sql);
    const bindings = (this as unknown as { _formatBindings(b?: unknown[]): unknown[] })._formatBindings(obj.bindings);
    if (statement.reader) {
      obj.response = statement.all(bindings);
      return obj;
    }
    const response = statement.run(bindings);
    obj.response = response;
    obj.context = { lastID: response.lastInsertRowid, changes: response.changes };
    return obj;
  }
}
