import 'reflect-metadata';
import { startAppContext } from '@relais/engine';
import { WorkerScrutartModule } from './worker-scrutart.module';

void startAppContext('worker-scrutart', WorkerScrutartModule);
