import { Injectable, Logger } from '@nestjs/common';
import type { Socket } from 'socket.io';
import { errorMessage } from '@relais/engine';
import { bearerCredential } from '../auth/bearer-credential';
import { hasRole, type Principal } from '../auth/principal';
import { TokenVerifier } from '../auth/token-verifier';

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
 * needs the viewer role, which every token has; checking it anyway keeps a future lesser role out.
 */
@Injectable()
export class SocketAuthenticator {
  private readonly logger = new Logger(SocketAuthenticator.name);

  constructor(private readonly verifier: TokenVerifier) {}

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
    const token = tokenOf(handshake);
    const principal = await this.verifier.verify(token);
    if (!principal) throw new SocketAuthenticationError('invalid token: unknown or revoked');
    if (!hasRole(principal, 'viewer')) {
      throw new SocketAuthenticationError(`forbidden: watching needs the viewer role, token has ${principal.role}`);
    }
    return { principal, token };
  }

  /** True while the token a socket connected with is still valid (false once revoked). */
  async stillValid(session: LiveSocketData): Promise<boolean> {
    return (await this.verifier.verify(session.token)) !== null;
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
