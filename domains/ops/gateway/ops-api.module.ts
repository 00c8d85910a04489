import { Module } from '@nestjs/common';
import { NotificationsModule } from '@relais/notifications';
import { notificationsConfigOf } from '../settings/ops.settings';
import { NotificationRulesController } from './notification-rules.controller';
import { NotificationsController } from './notifications.controller';

/**
 * The ops part of the gateway, mounted under /api/ops (the documented paths `/api/notifications…` are rewritten
 * to it, see ops-routes.ts). The gateway stores and lists; it neither evaluates rules nor sends.
 */
@Module({
  imports: [NotificationsModule.forRoot({ dispatch: false, evaluate: false }, { configOf: notificationsConfigOf })],
  controllers: [NotificationRulesController, NotificationsController],
})
export class OpsApiModule {}
