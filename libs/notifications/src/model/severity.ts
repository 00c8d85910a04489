/** How urgent a notification is; alerts are `warning` or `critical`, everything else `info`. */
export type Severity = 'info' | 'warning' | 'critical';

export const SEVERITIES: readonly Severity[] = ['info', 'warning', 'critical'];
