import 'reflect-metadata';
import { DOMAINS } from '@relais/domains';
import { startAppContext } from '@relais/engine';
import { WorkerScrutartModule } from './worker-scrutart.module';

void startAppContext('worker-scrutart', WorkerScrutartModule, DOMAINS);
