import { Inject, Injectable, Logger } from '@nestjs/common';
import { ThrottlerStorage } from '@nestjs/throttler';
import type { Socket } from 'socket.io';
import { RELAIS_CONFIG, type RelaisConfig } from '@relais/config';
import { errorMessage } from '@relais/engine';
import { bearerCredential } from '../auth/bearer-credential';
import { cookieValue, SESSION_COOKIE } from '../auth/dashboard-session';
import { clientTracker, RATE_LIMIT_WINDOW_MS, rateLimitMessage } from '../auth/client-rate-limit';
import { hasRole, type Principal } from '../auth/principal';
import { TokenVerifier } from '../auth/token.verifier';

/** Why a handshake was refused: its message is what the client's `connect_error` shows. */
export class SocketAuthenticationError extends Error {
  override readonly name = 'SocketAuthenticationError';
}

/** What the events namespace keeps on each socket (`socket.data`). */
export interface LiveSocketData {
  principal: Principal;
  /** Kept in memory only, to check now and then that the token has not been revoked since the handshake. */
  token: string;
}

type Handshake = Socket['handshake'];

/** As for the Authorization header (bearer-credential.ts): longer than any token Relais issues. */
const MAX_TOKEN_LENGTH = 512;

/**
 * Authenticates a socket.io handshake, once per connection: the token comes from `auth: { token }` (browsers,
 * which cannot set headers on a WebSocket) or from `Authorization: Bearer <token>` (other clients). Watching
 * needs the viewer role, which every token has; checking it anyway keeps a future lesser role out. Each
 * handshake counts against its client's rate limit, like an HTTP request (socket.io answers its handshakes itself,
 * before the HTTP middleware), so that tokens cannot be guessed faster here than over HTTP.
 */
@Injectable()
export class SocketAuthenticator {
  private readonly logger = new Logger(SocketAuthenticator.name);

  constructor(
    private readonly verifier: TokenVerifier,
    @Inject(ThrottlerStorage) private readonly rateLimit: ThrottlerStorage,
    @Inject(RELAIS_CONFIG) private readonly config: RelaisConfig,
  ) {}

  /** socket.io middleware: a refused handshake reaches the client as `connect_error` with the reason. */
  middleware(): (socket: Socket, next: (error?: Error) => void) => void {
    return (socket, next) => {
      this.authenticate(socket.handshake).then(
        (session) => {
          Object.assign(socket.data as LiveSocketData, session);
          next();
        },
        (error: unknown) => {
          if (error instanceof SocketAuthenticationError) {
            next(error);
            return;
          }
          this.logger.error(`Could not verify a socket's token: ${errorMessage(error)}`);
          next(new SocketAuthenticationError('token verification unavailable: retry later'));
        },
      );
    };
  }

  private async authenticate(handshake: Handshake): Promise<LiveSocketData> {
    const token = tokenOfOrNull(handshake);
    const principal = token.ok ? await this.verifier.verify(token.value) : null;
    const limit = this.config.gateway.rateLimitPerMinute;
    const record = await this.rateLimit.increment(
      clientTracker(principal, handshake.address),
      RATE_LIMIT_WINDOW_MS,
      limit,
      RATE_LIMIT_WINDOW_MS,
      'default',
    );
    if (record.isBlocked) throw new SocketAuthenticationError(rateLimitMessage(limit, record.timeToBlockExpire));
    if (!token.ok) throw token.error;
    if (!principal) throw new SocketAuthenticationError('invalid token: unknown or revoked');
    if (!hasRole(principal, 'viewer')) {
      throw new SocketAuthenticationError(`forbidden: watching needs the viewer role, token has ${principal.role}`);
    }
    return { principal, token: token.value };
  }

  /** True while the token a socket connected with is still valid (false once revoked). */
  async stillValid(session: LiveSocketData): Promise<boolean> {
    return (await this.verifier.verify(session.token)) !== null;
  }
}

/** The handshake's token, or why it has none (thrown once the handshake has been counted). */
function tokenOfOrNull(
  handshake: Handshake,
): { ok: true; value: string } | { ok: false; error: SocketAuthenticationError } {
  try {
    return { ok: true, value: tokenOf(handshake) };
  } catch (error) {
    if (error instanceof SocketAuthenticationError) return { ok: false, error };
    throw error;
  }
}

function tokenOf(handshake: Handshake): string {
  const auth = handshake.auth as Record<string, unknown>;
  if (auth.token !== undefined && auth.token !== null && auth.token !== '') {
    if (typeof auth.token !== 'string' || auth.token.length > MAX_TOKEN_LENGTH) {
      throw new SocketAuthenticationError('invalid token: auth.token must be a token string');
    }
    return auth.token;
  }
  const credential = bearerCredential(handshake.headers.authorization);
  const session = credential.kind === 'missing' ? sessionTokenOf(handshake) : null;
  if (session !== null) return session;
  if (credential.kind === 'missing') {
    throw new SocketAuthenticationError(
      'missing token: connect with auth: { token } or the header "Authorization: Bearer <token>"',
    );
  }
  if (credential.kind === 'malformed') {
    throw new SocketAuthenticationError('invalid token: the Authorization header must be "Bearer <token>"');
  }
  return credential.token;
}

/**
 * The dashboard's session cookie (auth/dashboard-session.ts), accepted only from a page of the gateway's own
 * origin: a browser always sends Origin on a WebSocket or cross-origin request, and another site's page must not
 * ride on the cookie (cross-site WebSocket hijacking; SameSite=Strict already keeps it off most such requests).
 */
function sessionTokenOf(handshake: Handshake): string | null {
  const token = cookieValue(handshake.headers.cookie, SESSION_COOKIE);
  const origin = handshake.headers.origin;
  if (token === null || token === '' || token.length > MAX_TOKEN_LENGTH || typeof origin !== 'string') return null;
  try {
    return new URL(origin).host === handshake.headers.host ? token : null;
  } catch (_malformedOrigin) {
    return null;
  }
}
