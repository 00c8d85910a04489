import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { RELAIS_CONFIG, type RelaisConfig } from '@relais/config';
import { DeploymentService } from '@relais/engine';
import { DeploymentTriggerProcessor } from './deployment-trigger.processor';
import { ReconcileLoop } from './reconcile.loop';

/**
 * Start-up in order: sync the deployment catalogue into the database and the job schedulers (a bad definition
 * stops the process here), then take trigger jobs, then start the reconcile loop.
 */
@Injectable()
export class SchedulerStartup implements OnApplicationBootstrap {
  private readonly logger = new Logger('Scheduler');

  constructor(
    @Inject(RELAIS_CONFIG) private readonly config: RelaisConfig,
    private readonly deployments: DeploymentService,
    private readonly triggers: DeploymentTriggerProcessor,
    private readonly loop: ReconcileLoop,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.scheduler.syncCatalogue) {
      await this.deployments.syncCatalogue();
    } else {
      // Another process owns the catalogue; this one still makes Redis follow the database.
      await this.deployments.applySchedules();
    }
    this.triggers.start();
    this.loop.start();
    const scheduled = (await this.deployments.list()).filter((deployment) => deployment.nextRunAt !== null);
    this.logger.log(
      `Scheduling ${scheduled.length} deployment(s); reconciling every ${this.config.reconciler.intervalMs} ms`,
    );
  }
}
