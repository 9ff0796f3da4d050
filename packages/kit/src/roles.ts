export const ROLES = ['VIEWER', 'EDITOR', 'ANALYST', 'ADMIN'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** ADMIN may do everything; no other role implies another. */
export function rolesAllow(roles: readonly Role[], required: Role): boolean {
  return roles.includes('ADMIN') || roles.includes(required);
}
