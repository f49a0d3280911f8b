import type { Db } from '../../lib/db.ts';
import { toDbTime } from '../../lib/db.ts';
import { clock } from '../../lib/clock.ts';
import { detail, errors } from '../../lib/errors.ts';
import { departmentsRepository } from '../departments/departments.repository.ts';
import { categoriesRepository as repo, type Category } from './categories.repository.ts';
import type { CreateCategory, UpdateCategory } from './categories.schemas.ts';
import { applyVersionInForce } from './catalogue-apply.ts';

export class CategoriesService {
  constructor(private readonly db: Db) {}

  private async checkDepartment(id: number | undefined) {
    if (id !== undefined && !(await departmentsRepository.find(this.db, id))) {
      throw errors.validation([detail('department_id', 'departments.noSuch')]);
    }
  }

  async create(input: CreateCategory): Promise<Category> {
    await this.checkDepartment(input.department_id);
    return this.get(await repo.insert(this.db, input, toDbTime(clock.now())));
  }

  async update(id: number, input: UpdateCategory): Promise<Category> {
    await this.get(id);
    await this.checkDepartment(input.department_id);
    // An empty change writes nothing (knex refuses an empty UPDATE: it was a 500), as a department's does.
    // Naming a unit ends a 属地 (territorial) duty: the category then has that one unit.
    const patch = input.department_id !== undefined ? { ...input, territorial: false } : input;
    if (Object.keys(patch).length) await repo.update(this.db, id, patch);
    return this.get(id);
  }

  async get(id: number): Promise<Category> {
    const c = await repo.find(this.db, id);
    if (!c) throw errors.notFound('category');
    return c;
  }

  /**
   * Every category, with its full path of names (城乡建设 / 物业管理 / 物业服务) and whether it is a leaf, the level an
   * order is filed under. A catalogue version whose day has come is applied to the rows first.
   */
  async list(): Promise<(Category & { path: string; leaf: boolean })[]> {
    await applyVersionInForce(this.db, clock.now());
    const all = await repo.list(this.db);
    const byId = new Map(all.map((c) => [c.id, c]));
    const parents = new Set(all.filter((c) => c.active && c.parent_id !== null).map((c) => c.parent_id));
    const pathOf = (c: Category): string => {
      const names = [c.name];
      for (let p = c.parent_id, depth = 0; p !== null && depth < 3; depth++) {
        const parent = byId.get(p);
        if (!parent) break;
        names.unshift(parent.name);
        p = parent.parent_id;
      }
      return names.join(' / ');
    };
    return all.map((c) => ({ ...c, path: pathOf(c), leaf: !parents.has(c.id) }));
  }
}
