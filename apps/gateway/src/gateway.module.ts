import { Module } from '@nestjs/common';
import { EngineModule } from '@relais/engine';
import { AdminModule } from './admin/admin.module';
import { ApiModule } from './api/api.module';
import { AuthModule } from './auth/auth.module';
import { EventsModule } from './events/events.module';
import { HomeController } from './home/home.controller';
import { ScrutartApiModule } from './scrutart/scrutart-api.module';

/**
 * The HTTP entry point. It enqueues runs and reads the database; it never runs a flow. Express matches routes in
 * registration order, which follows this list: ScrutartApiModule's literal `GET /api/flows/active|history` (seed
 * paths) must come before ApiModule's `GET /api/flows/:name`.
 */
@Module({
  imports: [EngineModule.forProducer(), AuthModule, ScrutartApiModule, ApiModule, EventsModule, AdminModule],
  controllers: [HomeController],
})
export class GatewayModule {}
