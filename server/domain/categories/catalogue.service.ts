// The coded dispatch catalogue (docs/rules/catalogue.md): importing a version from a CSV, its history, the diff
// between two versions, the catalogue in force on a day, and a dispatch judged by the version of its time.
import type { Db, Executor } from '../../lib/db.ts';
import { fromDbTime, toDbTime, withTransaction } from '../../lib/db.ts';
import { clock } from '../../lib/clock.ts';
import { dayStart, localDate } from '../../lib/calendar.ts';
import { detail, errors, isDuplicateKey } from '../../lib/errors.ts';
import type { Config } from '../../../config/default.ts';
import type { Actor } from '../users/actor.ts';
import { requireAccess } from '../access/access.ts';
import { loadTicket } from '../tickets/ticket-writer.ts';
import { readCsv, writeCsv } from './catalogue-csv.ts';
import { checkRows, type CheckedEntry } from './catalogue-check.ts';
import { catalogueRepository as repo, type CatalogueVersion, type StoredEntry } from './catalogue.repository.ts';
import { versionAt } from './catalogue-entry.ts';
import { applyVersionInForce } from './catalogue-apply.ts';

export interface ImportInput {
  csv: string;
  effective_from?: string;
  label?: string;
  note?: string;
}

/** Units of a place: a territorial (属地) duty is theirs wherever the address lies. */
const PLACE_KINDS = new Set(['district', 'street', 'community']);

/** The tiers a leaf may carry: those with limits of their own (config) and normal (the by-type table). */
export const tiersOf = (rules: Config['rules']) => [...Object.keys(rules.severityTiers), 'normal'];

// territorial: a move between a named unit and 属地 shows as both fields changing (the unit becomes null).
const DIFF_FIELDS = [
  'name',
  'parent_code',
  'department_id',
  'territorial',
  'severity_tier',
  'duty_basis',
  'item_code',
] as const;

export class CatalogueService {
  constructor(
    private readonly db: Db,
    private readonly config: Config,
  ) {}

  /**
   * A new version from a CSV. Nothing is stored unless every row is right (400 naming each problem's line and
   * column). The effective date is today or later; an earlier day only while no unit was dispatched an order since
   * it began, so no past dispatch changes the catalogue it is judged by.
   */
  /** `actor` null: the demo's first version, loaded before any account exists. */
  async import(actor: Pick<Actor, 'id'> | null, input: ImportInput): Promise<CatalogueVersion> {
    const now = clock.now();
    const effective = input.effective_from ?? localDate(now);
    const read = readCsv(input.csv);
    const checked = read.problems.length
      ? { entries: [], problems: read.problems }
      : await checkRows(this.db, read.rows, tiersOf(this.config.rules));
    if (checked.problems.length) {
      const details = checked.problems.map((p) =>
        detail(`csv[${p.line}]${p.column ? `.${p.column}` : ''}`, p.key, { ...p.params, column: p.column }),
      );
      throw errors.validation(details, 'catalogue.csvInvalid');
    }
    // Two imports at once may both create a new code (or a category of the same name be made meanwhile): the later
    // one is refused as a conflict, to be sent again against what the first stored.
    return withTransaction(this.db, (trx) => this.store(trx, actor, input, effective, checked.entries, now)).catch(
      (err: unknown) => {
        if (isDuplicateKey(err)) throw errors.versionConflict();
        throw err;
      },
    );
  }

  private async store(
    trx: Executor,
    actor: Pick<Actor, 'id'> | null,
    input: ImportInput,
    effective: string,
    checked: CheckedEntry[],
    now: Date,
  ): Promise<CatalogueVersion> {
    if (effective < localDate(now) && (await repo.dispatchedSince(trx, toDbTime(dayStart(effective))))) {
      throw errors.validation([detail('effective_from', 'catalogue.pastDate', { date: effective })]);
    }
    const nowDb = toDbTime(now);
    const count = (await repo.versions(trx)).length;
    const versionId = await repo.insertVersion(
      trx,
      {
        label: input.label ?? `V${count + 1} ${effective}`,
        effective_from: effective,
        note: input.note ?? null,
        created_by: actor?.id ?? null,
        count: checked.length,
      },
      nowDb,
    );
    // New codes become categories now (inactive until their version is in force), so entries can name them.
    const entries = [];
    for (const e of checked) {
      const category_id =
        e.category_id ??
        Number(
          (
            await trx('categories').insert({
              name: e.name,
              code: e.code,
              level: e.level,
              department_id: e.department_id,
              territorial: e.territorial,
              duty_basis: e.duty_basis,
              severity_tier: e.severity_tier ?? 'normal',
              item_code: e.item_code,
              active: false,
              created_at: nowDb,
            })
          )[0],
        );
      entries.push({ ...e, category_id });
    }
    await repo.insertEntries(trx, versionId, entries);
    await applyVersionInForce(trx, now);
    return (await repo.version(trx, versionId))!;
  }

  async versions(): Promise<(CatalogueVersion & { in_force: boolean })[]> {
    const current = await versionAt(this.db, clock.now());
    return (await repo.versions(this.db)).map((v) => ({ ...v, in_force: v.id === current?.id }));
  }

  async version(id: number): Promise<CatalogueVersion & { entries: StoredEntry[] }> {
    const v = await repo.version(this.db, id);
    if (!v) throw errors.notFound('catalogueVersion');
    return { ...v, entries: await repo.entries(this.db, id) };
  }

  /**
   * A version as a CSV file the import reads back (docs/api.md "Catalogue"): each entry's item code as its file gave
   * it, else its category's as it stands now (one set by hand survives an export and re-import).
   */
  async csv(id: number): Promise<{ label: string; text: string }> {
    const v = await this.version(id);
    const ids = v.entries.map((e) => e.category_id);
    const current = new Map<number, string | null>();
    for (let i = 0; i < ids.length; i += 500) {
      const rows = await this.db('categories')
        .whereIn('id', ids.slice(i, i + 500))
        .select('id', 'item_code');
      for (const r of rows) current.set(Number(r.id), r.item_code);
    }
    const entries = v.entries.map((e) => ({ ...e, item_code: e.item_code ?? current.get(e.category_id) ?? null }));
    return { label: v.label, text: writeCsv(entries) };
  }

  /** The catalogue in force on a local day (today when none is given); version null before the first. */
  async asOf(date?: string) {
    const at = date ? new Date(dayStart(date).getTime() + 86_400_000 - 1) : clock.now();
    const v = await versionAt(this.db, at);
    if (!v) return { date: date ?? localDate(at), version: null, entries: [] };
    const { entries, ...version } = await this.version(v.id);
    return { date: date ?? localDate(at), version, entries };
  }

  /** What changed from one version to another, by code; `from` defaults to the version before `to`. */
  async diff(toId: number, fromId?: number) {
    const all = await repo.versions(this.db);
    const to = all.find((v) => v.id === toId);
    if (!to) throw errors.notFound('catalogueVersion');
    const from = fromId !== undefined ? all.find((v) => v.id === fromId) : all[all.indexOf(to) - 1];
    if (fromId !== undefined && !from) throw errors.notFound('catalogueVersion');
    const before = new Map((from ? await repo.entries(this.db, from.id) : []).map((e) => [e.code, e]));
    const after = await repo.entries(this.db, to.id);
    const afterCodes = new Set(after.map((e) => e.code));
    const changed = [];
    for (const e of after) {
      const old = before.get(e.code);
      if (!old) continue;
      const fields = DIFF_FIELDS.filter((f) => (old[f] ?? null) !== (e[f] ?? null));
      if (fields.length) {
        const changes = Object.fromEntries(fields.map((f) => [f, { from: old[f] ?? null, to: e[f] ?? null }]));
        changed.push({ code: e.code, name: e.name, before: old, after: e, changes });
      }
    }
    return {
      from: from ?? null,
      to,
      added: after.filter((e) => !before.has(e.code)),
      removed: [...before.values()].filter((e) => !afterCodes.has(e.code)),
      changed,
    };
  }

  /**
   * Each hotline dispatch of a ticket judged by the catalogue in force when it was made: the unit that version
   * named, and whether the dispatch went to it (or to a unit below it); for a 属地 entry, whether it went to a
   * district, street or community. A later version changes nothing here.
   */
  async dispatchCheck(actor: Actor, ticketId: number) {
    const t = await loadTicket(this.db, ticketId);
    const rows = await this.db('assignments as a')
      .join('departments as d', 'd.id', 'a.department_id')
      .where('a.ticket_id', ticketId)
      .where((q) => q.whereNull('a.role').orWhere('a.role', 'main'))
      .orderBy('a.id')
      .select('a.id', 'a.department_id', 'd.name as department_name', 'd.kind', 'a.dispatched_at', 'a.ended_at')
      .select('a.category_id', 'a.catalogue_version_id');
    // Whoever reads the ticket reads its check: every unit holding a live level of it (passed down, co-handling) too.
    const live = await this.db('assignments')
      .where({ ticket_id: ticketId })
      .whereNull('ended_at')
      .pluck('department_id');
    const unit_ids = live.map(Number);
    requireAccess(actor, 'ticket.read', { ...t, unit_ids });
    const dispatches = [];
    for (const r of rows) {
      const at = fromDbTime(r.dispatched_at)!;
      const versionId = r.catalogue_version_id ?? (await versionAt(this.db, at))?.id ?? null;
      const version = versionId === null ? null : await repo.version(this.db, Number(versionId));
      const entry = version && r.category_id ? await this.entryOf(version.id, Number(r.category_id)) : null;
      // 属地: any unit of a place (district, street, community) matches; a named unit, it or a unit below it.
      const matched = entry?.territorial
        ? PLACE_KINDS.has(String(r.kind))
        : entry?.department_id
          ? await this.within(Number(r.department_id), entry.department_id)
          : null;
      dispatches.push({
        assignment_id: Number(r.id),
        department_id: Number(r.department_id),
        department_name: r.department_name,
        dispatched_at: at.toISOString(),
        category_id: r.category_id === null ? null : Number(r.category_id),
        version: version ? { id: version.id, label: version.label, effective_from: version.effective_from } : null,
        entry,
        matched,
      });
    }
    return { ticket_id: ticketId, dispatches };
  }

  private async entryOf(versionId: number, categoryId: number): Promise<StoredEntry | null> {
    return (await repo.entries(this.db, versionId)).find((e) => e.category_id === categoryId) ?? null;
  }

  /** Whether a unit is the named one or below it in the tree (a district's street handles its district's duty). */
  private async within(unitId: number, namedId: number): Promise<boolean> {
    let id: number | null = unitId;
    for (let depth = 0; id !== null && depth < 8; depth++) {
      if (id === namedId) return true;
      const row: { parent_id: number | null } | undefined = await this.db('departments')
        .where({ id })
        .first('parent_id');
      id = row?.parent_id === null || row?.parent_id === undefined ? null : Number(row.parent_id);
    }
    return false;
  }
}
