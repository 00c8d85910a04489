import { Module } from '@nestjs/common';
import { HealthController } from './health.controller';

// Being built in this session: the generic REST API.
@Module({ controllers: [HealthController] })
export class ApiModule {}
