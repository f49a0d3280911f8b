import type { Db } from '../../lib/db.ts';
import { toDbTime } from '../../lib/db.ts';
import { clock } from '../../lib/clock.ts';
import { detail, errors } from '../../lib/errors.ts';
import { departmentsRepository } from '../departments/departments.repository.ts';
import { categoriesRepository as repo, type Category } from './categories.repository.ts';
import type { CreateCategory, UpdateCategory } from './categories.schemas.ts';

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
    if (Object.keys(input).length) await repo.update(this.db, id, input);
    return this.get(id);
  }

  async get(id: number): Promise<Category> {
    const c = await repo.find(this.db, id);
    if (!c) throw errors.notFound('category');
    return c;
  }

  list(): Promise<Category[]> {
    return repo.list(this.db);
  }
}
