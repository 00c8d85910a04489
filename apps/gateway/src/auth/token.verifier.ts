import type { Principal } from './principal';

/**
 * Turns a bearer token into the principal it belongs to, or null when it is unknown or revoked. Used by the
 * HTTP guard and by the socket.io handshake. AuthModule provides the implementation (globally).
 */
export abstract class TokenVerifier {
  abstract verify(token: string): Promise<Principal | null>;
}
