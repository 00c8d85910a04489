import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import type { Namespace } from 'socket.io';
import { LIVE_EVENTS_MESSAGES } from '@relais/contracts';
import { errorMessage } from '@relais/engine';
import { SocketAuthenticator, type LiveSocketData } from './socket-authenticator';

/** How often connected sockets' tokens are checked again; with the verifier's 5 s cache, a revoked token's
 * sockets are closed within about 15 s. */
const SOCKET_REVALIDATION_MS = 10_000;

/**
 * A token is checked at the handshake, but a socket can stay open for days: this closes the sockets of this
 * replica whose token has been revoked since, telling the client why (`session_revoked`) before disconnecting.
 * A check that cannot be made (database away) keeps the socket: revocation waits, watching does not break.
 */
@Injectable()
export class SocketSessionRevalidator implements OnModuleDestroy {
  private readonly logger = new Logger(SocketSessionRevalidator.name);
  private timer: NodeJS.Timeout | null = null;
  private checking = false;

  constructor(private readonly authenticator: SocketAuthenticator) {}

  start(server: Namespace): void {
    this.timer = setInterval(() => {
      if (this.checking) return;
      this.checking = true;
      // revalidate() never rejects: it logs what it could not check.
      void this.revalidate(server).finally(() => {
        this.checking = false;
      });
    }, SOCKET_REVALIDATION_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Checks every socket of this replica once; resolves when done, never rejects. */
  async revalidate(server: Namespace): Promise<void> {
    for (const socket of server.sockets.values()) {
      const session = socket.data as LiveSocketData;
      try {
        if (await this.authenticator.stillValid(session)) continue;
      } catch (error) {
        this.logger.warn(`Could not re-check a socket's token: ${errorMessage(error)}`);
        continue;
      }
      socket.emit(LIVE_EVENTS_MESSAGES.sessionRevoked, { reason: 'token revoked' });
      socket.disconnect(true);
    }
  }
}
