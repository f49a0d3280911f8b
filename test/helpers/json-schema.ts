// JSON Schema validation for tests, with ajv. Schemas are registered by id ("request.json"), so the published
// Open311 schemas that refer to each other by file name resolve as they are.
import fs from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';

type Schema = Record<string, unknown>;

export class SchemaSet {
  // strict: false because the published schemas carry descriptive keywords ajv's strict mode rejects.
  private readonly ajv: Ajv;

  /** coerceTypes: for answers read back from XML, where every value is text (numbers, booleans as written). */
  constructor(options: { coerceTypes?: boolean } = {}) {
    this.ajv = new Ajv({ allErrors: true, strict: false, coerceTypes: options.coerceTypes ?? false });
    // date-time requires an offset, as GeoReport v2 and docs/api.md do.
    (addFormats as unknown as (a: Ajv) => void)(this.ajv);
  }

  add(id: string, schema: Schema): this {
    this.ajv.addSchema({ ...schema, $id: id }, id);
    return this;
  }

  addFolder(dir: string, except: string[] = []): this {
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.json') && !except.includes(f))) {
      this.add(file, JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')));
    }
    return this;
  }

  /** Every problem of `value` against schema `id`, as "path: message"; empty when it is valid. */
  validate(id: string, value: unknown): string[] {
    const validate = this.ajv.getSchema(id);
    if (!validate) throw new Error(`unknown schema ${id}`);
    if (validate(value)) return [];
    return (validate.errors ?? []).map((e) => `${e.instancePath || '/'}: ${e.message}`);
  }
}
