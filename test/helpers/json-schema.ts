// A small JSON Schema validator for answers checked against published schemas (the Open311 GeoReport v2
// schemas in shared/open311/). It implements the keywords those schemas use, with their standard meaning, and
// throws on any other keyword instead of ignoring it, so a schema it cannot fully check fails loudly.
// Schemas refer to each other by the id they were added under ("request.json").
import fs from 'node:fs';
import path from 'node:path';

type Schema = Record<string, unknown>;

const ANNOTATIONS = new Set(['description', 'title', '$schema', '$id', 'id', 'example', 'examples', 'default']);
const KNOWN = new Set(['$ref', 'type', 'required', 'properties', 'enum', 'anyOf', 'items', 'minItems', 'maxItems',
  'uniqueItems', 'minLength', 'maxLength', 'format']);

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-](\d{2}):(\d{2}))$/;

const FORMATS: Record<string, (v: string) => boolean> = {
  // RFC 3339 date-time: the offset is required.
  'date-time': (v) => {
    const m = DATE_TIME.exec(v);
    if (!m) return false;
    const [, y, mo, d, h, mi, s] = m.map(Number);
    const days = new Date(Date.UTC(y, mo, 0)).getUTCDate();
    return mo >= 1 && mo <= 12 && d >= 1 && d <= days && h <= 23 && mi <= 59 && s <= 60 &&
      (m[9] === undefined || (Number(m[9]) <= 23 && Number(m[10]) <= 59));
  },
  uri: (v) => {
    try {
      return /^[a-z][a-z0-9+.-]*:/i.test(v) && Boolean(new URL(v));
    } catch {
      return false;
    }
  },
};

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

const matchesType = (v: unknown, t: string) => typeOf(v) === t || (t === 'number' && typeOf(v) === 'integer');

export class SchemaSet {
  private readonly schemas = new Map<string, Schema>();

  add(id: string, schema: Schema): this {
    this.schemas.set(id, schema);
    return this;
  }

  /** Adds every *.json file of a folder under its file name. */
  addFolder(dir: string, except: string[] = []): this {
    for (const f of fs.readdirSync(dir).filter((f) => f.endsWith('.json') && !except.includes(f))) {
      this.add(f, JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')));
    }
    return this;
  }

  /** Every problem of `value` against the schema added as `id`, each with its JSON path; [] when valid. */
  validate(id: string, value: unknown): string[] {
    const problems: string[] = [];
    this.check(this.resolve(id), value, '$', problems);
    return problems;
  }

  private resolve(ref: string): Schema {
    const s = this.schemas.get(ref);
    if (!s) throw new Error(`schema "${ref}" was not added`);
    return s;
  }

  private check(schema: Schema, v: unknown, at: string, out: string[]): void {
    for (const k of Object.keys(schema)) {
      if (!KNOWN.has(k) && !ANNOTATIONS.has(k)) throw new Error(`unsupported JSON Schema keyword "${k}" at ${at}`);
    }
    if (typeof schema.$ref === 'string') this.check(this.resolve(schema.$ref), v, at, out);
    if (schema.type !== undefined) {
      const types = (Array.isArray(schema.type) ? schema.type : [schema.type]) as string[];
      if (!types.some((t) => matchesType(v, t))) {
        out.push(`${at}: expected ${types.join('|')}, got ${typeOf(v)}`);
        return;
      }
    }
    if (schema.enum && !(schema.enum as unknown[]).some((e) => JSON.stringify(e) === JSON.stringify(v))) {
      out.push(`${at}: ${JSON.stringify(v)} is not one of ${JSON.stringify(schema.enum)}`);
    }
    if (schema.anyOf) {
      const branches = (schema.anyOf as Schema[]).map((s) => {
        const p: string[] = [];
        this.check(s, v, at, p);
        return p;
      });
      if (!branches.some((p) => p.length === 0)) out.push(`${at}: matches no anyOf branch (${branches.flat().join('; ')})`);
    }
    if (typeof v === 'string') this.checkString(schema, v, at, out);
    if (Array.isArray(v)) this.checkArray(schema, v, at, out);
    if (typeOf(v) === 'object') this.checkObject(schema, v as Record<string, unknown>, at, out);
  }

  private checkString(schema: Schema, v: string, at: string, out: string[]) {
    const length = Array.from(v).length;
    if (typeof schema.maxLength === 'number' && length > schema.maxLength) out.push(`${at}: longer than ${schema.maxLength}`);
    if (typeof schema.minLength === 'number' && length < schema.minLength) out.push(`${at}: shorter than ${schema.minLength}`);
    if (typeof schema.format === 'string') {
      const ok = FORMATS[schema.format];
      if (!ok) throw new Error(`unsupported format "${schema.format}" at ${at}`);
      if (!ok(v)) out.push(`${at}: ${JSON.stringify(v)} is not a valid ${schema.format}`);
    }
  }

  private checkArray(schema: Schema, v: unknown[], at: string, out: string[]) {
    if (typeof schema.minItems === 'number' && v.length < schema.minItems) out.push(`${at}: fewer than ${schema.minItems} items`);
    if (typeof schema.maxItems === 'number' && v.length > schema.maxItems) out.push(`${at}: more than ${schema.maxItems} items`);
    if (schema.uniqueItems === true && new Set(v.map((x) => JSON.stringify(x))).size !== v.length) out.push(`${at}: items not unique`);
    if (schema.items) v.forEach((x, i) => this.check(schema.items as Schema, x, `${at}[${i}]`, out));
  }

  private checkObject(schema: Schema, v: Record<string, unknown>, at: string, out: string[]) {
    for (const k of (schema.required as string[] | undefined) ?? []) {
      if (!(k in v)) out.push(`${at}: missing required "${k}"`);
    }
    for (const [k, s] of Object.entries((schema.properties as Record<string, Schema> | undefined) ?? {})) {
      if (k in v) this.check(s, v[k], `${at}.${k}`, out);
    }
  }
}
