import 'reflect-metadata';
import { DOMAINS } from '@relais/domains';
import { startAppContext } from '@relais/engine';
import { WorkerDpgfModule } from './worker-dpgf.module';

void startAppContext('worker-dpgf', WorkerDpgfModule, DOMAINS);
