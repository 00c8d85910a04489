import { NotificationTables1733100000000 } from './1733100000000-notification-tables';
import { AlertEventIndexes1733100000001 } from './1733100000001-alert-event-indexes';

/** The notifications lib's migrations, in order; they run after the platform's (flow_runs, artifacts). */
export const NOTIFICATION_MIGRATIONS = [NotificationTables1733100000000, AlertEventIndexes1733100000001];
