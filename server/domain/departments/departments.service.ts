import type { Db } from '../../lib/db.ts';
import { toDbTime, withTransaction } from '../../lib/db.ts';
import { clock } from '../../lib/clock.ts';
import { errors } from '../../lib/errors.ts';
import { maskPhone } from '../tickets/ticket-view.ts';
import { departmentsRepository as repo, type Department } from './departments.repository.ts';
import type { CreateDepartment, UpdateDepartment } from './departments.schemas.ts';
import { checkPlacement } from './unit-nesting.ts';
import { forgetUnitTree, unitTree, type UnitTree } from './unit-tree.ts';

/** A department as the API shows it: with its place in the tree, so a page can draw it (docs/api.md). */
export interface DepartmentView extends Department {
  parent_name: string | null;
  /** 0 at the top, 1 for a street, 2 for a community. */
  depth: number;
  /** The ids from the top-level unit down to this one. */
  path: number[];
}

/** How the liaison's mobile is shown: lists mask it like every phone; the administrator's edit form reads it. */
export type MobileView = 'full' | 'masked';

export class DepartmentsService {
  constructor(private readonly db: Db) {}

  async create(input: CreateDepartment): Promise<DepartmentView> {
    const { kind = 'municipal', parent_id = null, liaison_mobile = null, ...rest } = input;
    // The check and the insert share a transaction, so the parent checked is the parent stored under.
    const id = await withTransaction(this.db, async (trx) => {
      checkPlacement(await unitTree(trx), { id: null, kind, parent_id, active: true });
      return repo.insert(trx, { ...rest, kind, parent_id, liaison_mobile }, toDbTime(clock.now()));
    });
    forgetUnitTree(this.db);
    return this.get(id, 'full');
  }

  async update(id: number, input: UpdateDepartment): Promise<DepartmentView> {
    const { group, ...rest } = input;
    await withTransaction(this.db, async (trx) => {
      const before = await repo.find(trx, id);
      if (!before) throw errors.notFound('department');
      if (input.kind !== undefined || input.parent_id !== undefined || input.active !== undefined) {
        checkPlacement(await unitTree(trx), {
          id,
          kind: input.kind ?? before.kind,
          parent_id: input.parent_id === undefined ? before.parent_id : input.parent_id,
          active: input.active ?? before.active,
        });
      }
      await repo.update(trx, id, { ...rest, ...(group ? { group_name: group } : {}) }, toDbTime(clock.now()));
    });
    forgetUnitTree(this.db);
    return this.get(id, 'full');
  }

  async get(id: number, mobile: MobileView = 'masked'): Promise<DepartmentView> {
    const d = await repo.find(this.db, id);
    if (!d) throw errors.notFound('department');
    return viewOf(d, await unitTree(this.db), mobile);
  }

  async list(): Promise<DepartmentView[]> {
    const [all, tree] = await Promise.all([repo.list(this.db), unitTree(this.db)]);
    return all.map((d) => viewOf(d, tree, 'masked'));
  }
}

function viewOf(d: Department, tree: UnitTree, mobile: MobileView): DepartmentView {
  const node = tree.nodes.get(d.id);
  const parent = d.parent_id === null ? undefined : tree.nodes.get(d.parent_id);
  return {
    ...d,
    liaison_mobile: mobile === 'full' ? d.liaison_mobile : maskPhone(d.liaison_mobile),
    parent_name: parent?.name ?? null,
    depth: node?.depth ?? 0,
    path: node?.path ?? [d.id],
  };
}
