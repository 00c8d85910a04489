import 'reflect-metadata';
import { DOMAINS } from '@relais/domains';
import { startAppContext } from '@relais/engine';
import { WorkerOpsModule } from './worker-ops.module';

void startAppContext('worker-ops', WorkerOpsModule, DOMAINS);
