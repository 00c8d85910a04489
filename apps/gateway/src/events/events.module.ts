import { Module } from '@nestjs/common';
import { LiveEventsGateway } from './live-events.gateway';
import { RunEventSubscription } from './run-event.subscription';
import { SocketAuthenticator } from './socket-authenticator';
import { SocketSessionRevalidator } from './socket-session.revalidator';

/**
 * Live run events over socket.io (docs/api.md, "Live events (socket.io)"). Its socket.io server is set up by
 * configure-live-events.ts (Redis adapter); tokens are verified with AuthModule's global TokenVerifier.
 */
@Module({
  providers: [LiveEventsGateway, RunEventSubscription, SocketAuthenticator, SocketSessionRevalidator],
})
export class EventsModule {}
