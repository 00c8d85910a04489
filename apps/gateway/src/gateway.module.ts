import { Module } from '@nestjs/common';
import { EngineModule } from '@relais/engine';
import { HealthController } from './health/health.controller';

/** The HTTP entry point. It enqueues runs and reads the database; it never runs a flow. */
@Module({
  imports: [EngineModule.forProducer()],
  controllers: [HealthController],
})
export class GatewayModule {}
