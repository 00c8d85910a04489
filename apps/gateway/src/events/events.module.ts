import { Module } from '@nestjs/common';

// Being built in this session: replaced by the real module.
@Module({})
export class EventsModule {}
