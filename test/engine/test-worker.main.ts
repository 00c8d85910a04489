// Entry point of a test worker run as a separate process (SIGKILL and SIGTERM tests).
import { DOMAINS } from '@relais/domains';
import 'reflect-metadata';
import { startAppContext } from '@relais/engine';
import { TestWorkerModule } from './test-worker.module';

void startAppContext('test-worker', TestWorkerModule, DOMAINS);
