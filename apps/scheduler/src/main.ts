import 'reflect-metadata';
import { DOMAINS } from '@relais/domains';
import { startAppContext } from '@relais/engine';
import { SchedulerModule } from './scheduler.module';

void startAppContext('scheduler', SchedulerModule, DOMAINS);
