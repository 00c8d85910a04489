import { Module } from '@nestjs/common';
import { ExpressAdapter } from '@bull-board/express';
import { BullBoardModule } from '@bull-board/nestjs';
import { browserTokenAccess } from '../auth/browser-token-access.middleware';
import { TokenVerifier } from '../auth/token.verifier';
import { BullBoardQueues } from './bull-board-queues';

/** Path of Bull Board. The dashboard links to it. */
export const BULL_BOARD_ROUTE = '/admin/queues';

/** Bull Board at /admin/queues, for admin tokens only (see browserTokenAccess). */
@Module({
  imports: [
    BullBoardModule.forRootAsync({
      inject: [TokenVerifier],
      useFactory: (verifier: TokenVerifier) => ({
        route: BULL_BOARD_ROUTE,
        adapter: ExpressAdapter,
        middleware: browserTokenAccess({
          verifier,
          role: 'admin',
          resource: 'Bull Board',
          entryPath: BULL_BOARD_ROUTE,
          cookieName: 'relais_board_token',
          // Bull Board's page, assets and API all live under /admin; the cookie goes nowhere else.
          cookiePath: '/admin',
        }),
        boardOptions: { uiConfig: { boardTitle: 'Relais queues' } },
      }),
    }),
  ],
  providers: [BullBoardQueues],
})
export class AdminModule {}
