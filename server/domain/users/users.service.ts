import type { Db } from '../../lib/db.ts';
import { toDbTime } from '../../lib/db.ts';
import { clock } from '../../lib/clock.ts';
import { detail, errors } from '../../lib/errors.ts';
import { hashPassword } from '../../lib/password.ts';
import { departmentsRepository } from '../departments/departments.repository.ts';
import { passwordProblem } from './password-rules.ts';
import { toUser, usersRepository as repo, type User } from './users.repository.ts';
import type { CreateUser, UpdateUser } from './users.schemas.ts';

export interface UserChange {
  passwordSet: boolean;
  deactivated: boolean;
}

/** Signing in (the auth area) hears of the changes that end a user's sessions or lift their locks. */
export interface SignIns {
  userChanged(user: { id: number; username: string }, change: UserChange): Promise<void>;
}

export class UsersService {
  constructor(
    private readonly db: Db,
    private readonly scryptCost: number,
    private readonly signIns: SignIns,
  ) {}

  private async checkDepartment(id: number | null | undefined) {
    if (id && !(await departmentsRepository.find(this.db, id))) {
      throw errors.validation([detail('department_id', 'departments.noSuch')]);
    }
  }

  async create(input: CreateUser): Promise<User> {
    await this.checkDepartment(input.department_id);
    const id = await repo.insert(
      this.db,
      {
        username: input.username,
        display_name: input.display_name,
        role: input.role,
        department_id: input.department_id ?? null,
        password_hash: await hashPassword(input.password, this.scryptCost),
      },
      toDbTime(clock.now()),
    );
    return this.get(id);
  }

  async update(id: number, input: UpdateUser): Promise<User> {
    const current = await this.get(id);
    await this.checkDepartment(input.department_id);
    const role = input.role ?? current.role;
    const department = input.department_id === undefined ? current.department_id : input.department_id;
    if (role === 'handler' && department === null) {
      throw errors.validation([detail('department_id', 'users.handlerNeedsDepartment')]);
    }
    const { password, active, ...rest } = input;
    if (password) this.checkPassword(password, current.username);
    await repo.update(
      this.db,
      id,
      {
        ...rest,
        ...(active === undefined ? {} : { active }),
        ...(password ? { password_hash: await hashPassword(password, this.scryptCost) } : {}),
      },
      toDbTime(clock.now()),
    );
    await this.signIns.userChanged(current, { passwordSet: Boolean(password), deactivated: active === false });
    return this.get(id);
  }

  /** 重置密码: an administrator sets a new password; the account's lock and its sessions end. */
  async resetPassword(id: number, password: string): Promise<User> {
    return this.update(id, { password });
  }

  checkPassword(password: string, username: string): void {
    const weak = passwordProblem(password, username);
    if (weak) throw errors.validation([detail('password', weak)], 'auth.passwordNotSet');
  }

  async get(id: number): Promise<User> {
    const row = await repo.find(this.db, id);
    if (!row) throw errors.notFound('user');
    return toUser(row);
  }

  async list(filter: { role?: string; department_id?: number }): Promise<User[]> {
    return (await repo.list(this.db, filter)).map(toUser);
  }
}
