import type { Db } from '../../lib/db.ts';
import { toDbTime } from '../../lib/db.ts';
import { clock } from '../../lib/clock.ts';
import { errors } from '../../lib/errors.ts';
import { departmentsRepository as repo, type Department } from './departments.repository.ts';
import type { CreateDepartment, UpdateDepartment } from './departments.schemas.ts';

export class DepartmentsService {
  constructor(private readonly db: Db) {}

  async create(input: CreateDepartment): Promise<Department> {
    const id = await repo.insert(this.db, input, toDbTime(clock.now()));
    return this.get(id);
  }

  async update(id: number, input: UpdateDepartment): Promise<Department> {
    await this.get(id);
    const { group, ...rest } = input;
    await repo.update(this.db, id, { ...rest, ...(group ? { group_name: group } : {}) }, toDbTime(clock.now()));
    return this.get(id);
  }

  async get(id: number): Promise<Department> {
    const d = await repo.find(this.db, id);
    if (!d) throw errors.notFound('department');
    return d;
  }

  list(): Promise<Department[]> {
    return repo.list(this.db);
  }
}
