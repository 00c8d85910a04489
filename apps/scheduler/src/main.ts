import 'reflect-metadata';
import { startAppContext } from '@relais/engine';
import { SchedulerModule } from './scheduler.module';

void startAppContext('scheduler', SchedulerModule);
