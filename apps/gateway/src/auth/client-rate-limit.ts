import { normalizeIp } from '@nestjs/throttler';
import type { Principal } from './principal';

/** The rate limit counts requests per client in windows of one minute (RATE_LIMIT_PER_MINUTE per window). */
export const RATE_LIMIT_WINDOW_MS = 60_000;

/**
 * Whose budget a request draws on: its token's when it carries a valid one, else its IP address's (IPv6 per /64
 * network, as Nest's throttler does). The API's guard and Bull Board's middleware share it, so both count
 * against one budget.
 */
export function clientTracker(principal: Principal | null, ip: string | undefined): string {
  return principal ? `token:${principal.tokenId}` : `ip:${normalizeIp(ip ?? 'unknown')}`;
}

/** The message of a 429. */
export function rateLimitMessage(limitPerMinute: number, retryAfterSeconds: number): string {
  return `Rate limit of ${limitPerMinute} requests per minute exceeded: retry in ${retryAfterSeconds} s`;
}
