import type { Command } from 'commander';
import { contextOf } from '../cli-context';
import { renderNotifications, renderRules } from '../views/notification.views';
import { integerBetween } from './command-options';

const CHANNELS = ['archive', 'email', 'slack', 'webhook'];

/** `relais notifications ls [--alerts] [--rule ID] [--limit N]|test CHANNEL` and `relais rules ls`. */
export function registerNotificationCommands(program: Command): void {
  const notifications = program
    .command('notifications')
    .description('alerts and notifications sent by the platform (the delivery log)');

  notifications
    .command('ls')
    .description('the latest notifications, newest first, with where each was delivered')
    .option('-l, --limit <n>', 'how many (1–500)', integerBetween(1, 500), 20)
    .option('-a, --alerts', 'alerts only')
    .option('-r, --rule <id>', 'raised by this rule only (see: relais rules ls)')
    .action(async (options: { limit: number; alerts?: boolean; rule?: string }, command: Command) => {
      const { api, output } = contextOf(command);
      const page = await api.notifications({ limit: options.limit, alertsOnly: options.alerts, rule: options.rule });
      output.result(page, (result) => renderNotifications(result.items, output.style));
    });

  notifications
    .command('test')
    .description('send a test notification to one channel (the scheduler delivers it within seconds)')
    .addArgument(program.createArgument('<channel>', 'the channel').choices(CHANNELS))
    .action(async (channel: string, _options: unknown, command: Command) => {
      const { api, output } = contextOf(command);
      const accepted = await api.testNotification(channel);
      output.result(
        accepted,
        (result) => `Test notification ${result.id} queued for ${result.channel}: see relais notifications ls`,
      );
    });

  program
    .command('rules')
    .description('alert rules (create and edit them with the API: /api/notifications/rules)')
    .command('ls')
    .description('list the alert rules with their severity, cooldown and channels')
    .action(async (_options: unknown, command: Command) => {
      const { api, output } = contextOf(command);
      output.result(await api.notificationRules(), (rules) => renderRules(rules, output.style));
    });
}
