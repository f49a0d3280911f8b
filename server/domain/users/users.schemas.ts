import { z } from 'zod';
import { ROLES } from './actor.ts';
import { passwordProblem } from './password-rules.ts';

export const createUserSchema = z
  .strictObject({
    // Stored lower-case so sign-in matches alike on SQLite (binary) and MariaDB (case-insensitive collation).
    username: z
      .string()
      .regex(/^[A-Za-z0-9_.-]{3,64}$/, 'users.usernameFormat')
      .transform((s) => s.toLowerCase()),
    password: z.string().min(8, 'password.tooShort').max(128),
    display_name: z.string().trim().min(1).max(100),
    role: z.enum(ROLES),
    department_id: z.number().int().positive().nullable().optional(),
  })
  .superRefine((u, ctx) => {
    const weak = u.password.length >= 8 ? passwordProblem(u.password, u.username) : null;
    if (weak) ctx.addIssue({ code: 'custom', path: ['password'], message: weak });
    if (u.role === 'handler' && !u.department_id) {
      ctx.addIssue({ code: 'custom', path: ['department_id'], message: 'users.handlerNeedsDepartment' });
    }
  });
export type CreateUser = z.infer<typeof createUserSchema>;

export const updateUserSchema = z.strictObject({
  display_name: z.string().trim().min(1).max(100).optional(),
  password: z.string().min(8).max(128).optional(),
  // A role change applies to the user's open sessions at once: every request reads the role afresh.
  role: z.enum(ROLES).optional(),
  department_id: z.number().int().positive().nullable().optional(),
  active: z.boolean().optional(),
});
export type UpdateUser = z.infer<typeof updateUserSchema>;

/** 重置密码 by an administrator: the rules are checked with the user's name (users.service.ts). */
export const resetPasswordSchema = z.strictObject({ password: z.string().min(8, 'password.tooShort').max(128) });

/** 修改密码 by its owner: the old one proves it is them. */
export const changePasswordSchema = z.strictObject({
  old_password: z.string().min(1).max(128),
  new_password: z.string().min(8, 'password.tooShort').max(128),
});

export const loginSchema = z.strictObject({
  username: z
    .string()
    .min(1)
    .max(64)
    .transform((s) => s.trim().toLowerCase()),
  password: z.string().min(1).max(128),
});
