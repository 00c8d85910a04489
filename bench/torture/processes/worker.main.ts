// A worker of the torture flow, as its own process: the engine's worker exactly as a domain's worker app uses it.
import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { StepState } from '@relais/contracts';
import { EngineModule, FlowWorkerHost, startAppContext } from '@relais/engine';
import { StepRunRepository, type StepRunEntity } from '@relais/persistence';
import { processLedger, TORTURE_QUEUE, TortureFlow, tortureDomain } from '../torture-flow';
import { followParent, sayReady } from './process-life';

const DOMAINS = [tortureDomain()];

@Module({ imports: [EngineModule.forWorker({ domains: DOMAINS, queue: TORTURE_QUEUE, flows: [TortureFlow] })] })
class TortureWorkerModule {}

/*
 * The suite's one look inside the engine: when the write buffer's upsert of step rows returns, the completed steps
 * it held are in the database, and the ledger says so. A step run twice is then a bug if its first run's record
 * had been committed, and the step-record window of at-least-once delivery if its worker died before.
 */
const { upsertMany } = Object.getOwnPropertyDescriptors(StepRunRepository.prototype);
const upsert = upsertMany.value as (this: StepRunRepository, steps: StepRunEntity[]) => Promise<void>;
StepRunRepository.prototype.upsertMany = async function (this: StepRunRepository, steps: StepRunEntity[]) {
  await upsert.call(this, steps);
  processLedger().committed(
    steps.filter((step) => step.state === StepState.COMPLETED && step.stepKey.startsWith('step-')),
  );
};

followParent();
void startAppContext('torture-worker', TortureWorkerModule, DOMAINS).then(async (app) => {
  if (!app) return;
  await app.get(FlowWorkerHost).ready();
  sayReady();
});
