import { z } from 'zod';
import { mobileField } from '../../lib/phone.ts';
import { UNIT_KINDS } from './unit-tree.ts';

const email = z.email().max(191);
const id = z.number().int().positive();

export const createDepartmentSchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  group: z.string().trim().min(1).max(50),
  email: email.optional(),
  head_email: email.optional(),
  // The unit's place in the tree (docs/rules/units.md); the service checks the nesting. A new unit is a municipal
  // department unless it says otherwise, as every department was before units had kinds.
  kind: z.enum(UNIT_KINDS).optional(),
  parent_id: id.nullable().optional(),
  liaison_mobile: mobileField().nullable().optional(),
});
export type CreateDepartment = z.infer<typeof createDepartmentSchema>;

// An edit may clear an address (null): a department without a mailbox gets no mail rather than a stale one.
export const updateDepartmentSchema = createDepartmentSchema.partial().extend({
  email: email.nullable().optional(),
  head_email: email.nullable().optional(),
  active: z.boolean().optional(),
});
export type UpdateDepartment = z.infer<typeof updateDepartmentSchema>;

/**
 * The schemas the API checks, with the group chosen from the configured list (config departmentGroups;
 * docs/rules/leaderboard.md: chosen from a configured list, not free text), since the leaderboard ranks each group
 * apart and a typo would make a group of one.
 */
export function departmentSchemas(groups: readonly string[]) {
  const group = z.enum(groups as [string, ...string[]]);
  return {
    create: createDepartmentSchema.extend({ group }),
    update: updateDepartmentSchema.extend({ group: group.optional() }),
  };
}
