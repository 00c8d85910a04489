import 'reflect-metadata';
import { DOMAINS } from '@relais/domains';
import { startAppContext } from '@relais/engine';
import { WorkerRagModule } from './worker-rag.module';

void startAppContext('worker-rag', WorkerRagModule, DOMAINS);
