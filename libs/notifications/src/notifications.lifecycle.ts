import { Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { NotificationChannel } from './channels/notification-channel';
import { EmailChannel } from './channels/email.channel';
import type { NotificationsConfig } from './config/notifications-config';
import type { DeliveryDispatcher } from './delivery/delivery.dispatcher';
import type { RuleRepository } from './persistence/rule.repository';
import type { AlertEvaluationLoop } from './rules/alert-evaluation.loop';
import { RULE_CATALOGUE } from './rules/rule-catalogue';

/** What a process hosting NotificationsModule runs: the sender, the evaluator, or neither (the gateway). */
export interface NotificationsRoles {
  /** Deliver pending notifications (one or more processes; deliveries are claimed one sender at a time). */
  dispatch: boolean;
  /** Evaluate alert rules (any number of processes; a Redis lock lets one pass run at a time). */
  evaluate: boolean;
}

/** Starts and stops the roles this process has; syncs the rule catalogue when it evaluates. */
export class NotificationsLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(NotificationsLifecycle.name);

  constructor(
    private readonly roles: NotificationsRoles,
    private readonly config: NotificationsConfig,
    private readonly rules: RuleRepository,
    private readonly dispatcher: DeliveryDispatcher,
    private readonly loop: AlertEvaluationLoop,
    private readonly channels: NotificationChannel[],
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.roles.evaluate && this.config.evaluation.syncCatalogue) {
      const added = await this.rules.syncCatalogue(RULE_CATALOGUE, Date.now());
      if (added.length > 0) this.logger.log(`Alert rules added from the catalogue: ${added.join(', ')}`);
      const orphaned = await this.rules.orphanedCatalogueRules(RULE_CATALOGUE);
      if (orphaned.length > 0) {
        this.logger.warn(`Catalogue rules no longer in the code (kept): ${orphaned.map((rule) => rule.id).join(', ')}`);
      }
    }
    if (this.roles.dispatch) this.dispatcher.start();
    if (this.roles.evaluate) this.loop.start();
    this.logger.log(`Notification channels: ${this.channels.map((channel) => channel.name).join(', ')}`);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.loop.stop();
    await this.dispatcher.stop();
    for (const channel of this.channels) if (channel instanceof EmailChannel) channel.close();
  }
}
