import { Injectable } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { bearerCredential } from './bearer-credential';
import { sessionToken } from './dashboard-session';
import type { Principal } from './principal';
import { TokenVerifier } from './token.verifier';

/** Who sent a request: a principal, or why there is none. */
export type Authentication =
  { status: 'authenticated'; principal: Principal } | { status: 'missing' | 'malformed' | 'unknown' };

/** The 401 message for each way a request fails to authenticate; the browser pages word `missing` their own way. */
export const UNAUTHENTICATED_MESSAGES: Record<Exclude<Authentication['status'], 'authenticated'>, string> = {
  missing: 'Missing API token: send the header "Authorization: Bearer <token>"',
  malformed: 'Malformed Authorization header: expected "Bearer <token>"',
  unknown: 'Unknown or revoked API token',
};

/** The WWW-Authenticate header of every 401 (RFC 6750). */
export const BEARER_CHALLENGE = 'Bearer realm="relais"';

/**
 * Authenticates a request from its Authorization header, once: the rate limiter (which counts per token) and the
 * access guard both ask, and share the answer. Without the header, the dashboard's session cookie counts, but only
 * on a request that also carries the `X-Relais-Session` header (dashboard-session.ts: what makes it CSRF-safe).
 */
@Injectable()
export class RequestAuthenticator {
  private readonly outcomes = new WeakMap<IncomingMessage, Promise<Authentication>>();

  constructor(private readonly verifier: TokenVerifier) {}

  authenticate(request: IncomingMessage): Promise<Authentication> {
    let outcome = this.outcomes.get(request);
    if (!outcome) {
      outcome = this.verify(request);
      this.outcomes.set(request, outcome);
    }
    return outcome;
  }

  /** The principal the request's token stands for; null without a valid token. */
  async principalOf(request: IncomingMessage): Promise<Principal | null> {
    const outcome = await this.authenticate(request);
    return outcome.status === 'authenticated' ? outcome.principal : null;
  }

  private async verify(request: IncomingMessage): Promise<Authentication> {
    const credential = bearerCredential(request.headers.authorization);
    if (credential.kind === 'missing') {
      const token = sessionToken(request);
      if (token === null) return { status: 'missing' };
      const principal = await this.verifier.verify(token);
      return principal ? { status: 'authenticated', principal } : { status: 'unknown' };
    }
    if (credential.kind !== 'token') return { status: credential.kind };
    const principal = await this.verifier.verify(credential.token);
    return principal ? { status: 'authenticated', principal } : { status: 'unknown' };
  }
}
