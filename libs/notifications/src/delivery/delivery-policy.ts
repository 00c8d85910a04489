/** How the dispatcher delivers: NotificationsConfig.delivery plus two limits that are not settings. */
export interface DeliveryPolicy {
  timeoutMs: number;
  maxAttempts: number;
  retryBaseMs: number;
  retryMaxMs: number;
  pollMs: number;
  /** Deliveries in flight per channel. Default 4. */
  concurrency?: number;
  /** Due deliveries read per query. Default 50. */
  batchSize?: number;
}
