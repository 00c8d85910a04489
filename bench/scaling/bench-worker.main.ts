// A worker process of the scaling benchmark: the benchmark's no-op flows, composed like a domain worker.
import 'reflect-metadata';
import { DOMAINS } from '@relais/domains';
import { startAppContext } from '@relais/engine';
import { BenchWorkerModule } from '../throughput/bench-worker.module';

void startAppContext('bench-worker', BenchWorkerModule, DOMAINS);
