import { Module } from '@nestjs/common';
import { ExpressAdapter } from '@bull-board/express';
import { BullBoardModule } from '@bull-board/nestjs';
import { ThrottlerStorage } from '@nestjs/throttler';
import { RELAIS_CONFIG, type RelaisConfig } from '@relais/config';
import { TokenVerifier } from '../auth/token-verifier';
import { bullBoardAccess } from './bull-board-access.middleware';
import { BullBoardQueues } from './bull-board-queues';

/** Path of Bull Board. The dashboard links to it. */
export const BULL_BOARD_ROUTE = '/admin/queues';

/** Bull Board at /admin/queues, for admin tokens only (see bullBoardAccess). */
@Module({
  imports: [
    BullBoardModule.forRootAsync({
      inject: [TokenVerifier, ThrottlerStorage, RELAIS_CONFIG],
      useFactory: (verifier: TokenVerifier, rateLimitStorage: ThrottlerStorage, config: RelaisConfig) => ({
        route: BULL_BOARD_ROUTE,
        adapter: ExpressAdapter,
        middleware: bullBoardAccess({
          verifier,
          rateLimitStorage,
          rateLimitPerMinute: config.gateway.rateLimitPerMinute,
        }),
        boardOptions: { uiConfig: { boardTitle: 'Relais queues' } },
      }),
    }),
  ],
  providers: [BullBoardQueues],
})
export class AdminModule {}
