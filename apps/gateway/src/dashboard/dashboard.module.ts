import { Module } from '@nestjs/common';
import { PlatformController } from './platform.controller';
import { SessionController } from './session.controller';

/**
 * What the dashboard (apps/dashboard) needs from the gateway beyond the REST API: its sign-in (a session cookie,
 * CSRF-safe) and the queues' state. Its files are served by configureDashboard (dashboard-assets.ts).
 */
@Module({
  controllers: [SessionController, PlatformController],
})
export class DashboardModule {}
