import { AlertStateEntity } from './alert-state.entity';
import { EvaluationCursorEntity } from './evaluation-cursor.entity';
import { NotificationDeliveryEntity } from './notification-delivery.entity';
import { NotificationRuleEntity } from './notification-rule.entity';
import { NotificationEntity } from './notification.entity';

export {
  AlertStateEntity,
  EvaluationCursorEntity,
  NotificationDeliveryEntity,
  NotificationEntity,
  NotificationRuleEntity,
};
export type { DeliveryState } from './notification-delivery.entity';
export type { RuleOrigin } from './notification-rule.entity';
export { NOTIFICATION_MIGRATIONS } from './migrations';

/** The notifications lib's entities, for the data source. */
export const NOTIFICATION_ENTITIES = [
  NotificationEntity,
  NotificationDeliveryEntity,
  NotificationRuleEntity,
  AlertStateEntity,
  EvaluationCursorEntity,
];
