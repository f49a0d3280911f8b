export const ROLES = ['operator', 'handler', 'supervisor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Who is acting: the signed-in user, or a system job. */
export interface Actor {
  id: number | null;
  role: Role | 'system';
  department_id: number | null;
  /**
   * The units whose work the actor sees: its own department and every unit below it (a district's streets and
   * communities), read with the session (domain/auth); absent for jobs and for actors built by hand, whom the access
   * policy lets see their own department only (access.ts unitsOf).
   */
  units?: readonly number[];
  ip?: string;
}

export const SYSTEM: Actor = { id: null, role: 'system', department_id: null };
