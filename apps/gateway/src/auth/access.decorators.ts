import { SetMetadata } from '@nestjs/common';
import type { TokenRole } from '@relais/contracts';

export const REQUIRED_ROLE_KEY = 'relais:required-role';
export const PUBLIC_ROUTE_KEY = 'relais:public-route';

/**
 * The least role a route needs. Without it, reads (GET, HEAD) need `viewer` and every other method `operator`,
 * so a new mutating route is never open to viewers by mistake.
 */
export const RequiresRole = (role: TokenRole) => SetMetadata(REQUIRED_ROLE_KEY, role);

/** A route anyone may call without a token: health probes, and the index pages that only hold links. */
export const Public = () => SetMetadata(PUBLIC_ROUTE_KEY, true);
