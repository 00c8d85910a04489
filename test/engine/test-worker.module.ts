import { DOMAINS } from '@relais/domains';
import { Module } from '@nestjs/common';
import { EngineModule } from '@relais/engine';
import { ExecutionCounter, TEST_FLOWS, TEST_QUEUE } from './test-flows';

/** A worker app for the test flows: the same composition a domain worker uses. */
@Module({
  imports: [
    EngineModule.forWorker({ domains: DOMAINS, queue: TEST_QUEUE, flows: TEST_FLOWS, providers: [ExecutionCounter] }),
  ],
})
export class TestWorkerModule {}
