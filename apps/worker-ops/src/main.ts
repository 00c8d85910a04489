import 'reflect-metadata';
import { startAppContext } from '@relais/engine';
import { WorkerOpsModule } from './worker-ops.module';

void startAppContext('worker-ops', WorkerOpsModule);
