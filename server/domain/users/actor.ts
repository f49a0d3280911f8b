export const ROLES = ['operator', 'handler', 'supervisor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Who is acting: the signed-in user, or a system job. */
export interface Actor {
  id: number | null;
  role: Role | 'system';
  department_id: number | null;
  ip?: string;
}

export const SYSTEM: Actor = { id: null, role: 'system', department_id: null };
