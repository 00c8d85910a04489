/**
 * The wait before attempt `attempt + 1` after `attempt` failed ones: `baseMs` doubled per failure, capped at
 * `maxMs`, then drawn in [half, all] of it so that deliveries failed together do not retry together.
 */
export function retryDelay(attempt: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const exponential = Math.min(maxMs, baseMs * 2 ** Math.min(Math.max(attempt - 1, 0), 30));
  return Math.round(exponential / 2 + (exponential / 2) * random());
}
