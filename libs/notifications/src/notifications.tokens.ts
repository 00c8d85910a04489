/** Injection token of the validated NotificationsConfig. */
export const NOTIFICATIONS_CONFIG = Symbol('NOTIFICATIONS_CONFIG');

/** Injection token of the configured NotificationChannel list. */
export const NOTIFICATION_CHANNELS = Symbol('NOTIFICATION_CHANNELS');
