import { DOMAINS } from '@relais/domains';
import { Module } from '@nestjs/common';
import { EngineModule } from '@relais/engine';
import { BENCH_QUEUE, NoopFlow, StepsFlow } from './bench-flows';

/** A worker app for the benchmark flows, composed exactly like a domain worker. */
@Module({ imports: [EngineModule.forWorker({ domains: DOMAINS, queue: BENCH_QUEUE, flows: [NoopFlow, StepsFlow] })] })
export class BenchWorkerModule {}
