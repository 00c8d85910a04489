import 'reflect-metadata';
import { DOMAINS } from '@relais/domains';
import { startAppContext } from '@relais/engine';
import { WorkerDocumentsModule } from './worker-documents.module';

void startAppContext('worker-documents', WorkerDocumentsModule, DOMAINS);
