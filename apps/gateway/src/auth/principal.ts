import type { TokenRole } from '@relais/contracts';

/** Who is calling: the API token that authenticated the request or socket. */
export interface Principal {
  tokenId: string;
  name: string;
  role: TokenRole;
}

/** viewer < operator < admin: a role may do everything the roles below it may. */
const ROLE_RANK: Record<TokenRole, number> = { viewer: 1, operator: 2, admin: 3 };

export function hasRole(principal: Principal, required: TokenRole): boolean {
  return ROLE_RANK[principal.role] >= ROLE_RANK[required];
}

/** The message of a 403: the role `subject` (a route, a page) needs and the role the token has. */
export function missingRoleMessage(subject: string, required: TokenRole, principal: Principal): string {
  return `${subject} needs the ${required} role; token "${principal.name}" has the ${principal.role} role`;
}
