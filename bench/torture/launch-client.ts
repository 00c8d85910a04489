import { TORTURE_FLOW, type TortureParams } from './torture-flow';

/** What the clients of the gateway saw while launching. */
export interface LaunchReport {
  /** Idempotency key → run id, for every launch the gateway accepted (200, 201 or 202). */
  accepted: Map<string, string>;
  /** Keys never accepted before the deadline. */
  gaveUp: string[];
  /** Answers by status (`network` for a connection refused or reset). */
  statuses: Record<string, number>;
  /** 503 answers without a Retry-After header. */
  withoutRetryAfter: number;
}

export interface LaunchOptions {
  gatewayUrl: string;
  token: string;
  count: number;
  /** Idempotency keys are `<keyPrefix>-<n>`. */
  keyPrefix: string;
  params: Partial<TortureParams>;
  /** Launches at most this many per second. */
  ratePerSecond: number;
  /** Requests in flight at most. */
  concurrency: number;
  /** A launch not accepted by then is given up. */
  deadlineMs: number;
  /** Called after each acceptance with the number accepted so far. */
  onAccepted?: (accepted: number) => void;
}

/**
 * Launches `count` runs through the gateway's API as a careful client does: each launch carries its own
 * idempotency key and is repeated with the same key until the gateway accepts it, after the Retry-After of a
 * 503, or a moment after a connection refused or reset (the gateway restarting). A repeated launch whose first
 * try was recorded gets that run back (200), never a second one.
 */
export async function launchRuns(options: LaunchOptions): Promise<LaunchReport> {
  const report: LaunchReport = { accepted: new Map(), gaveUp: [], statuses: {}, withoutRetryAfter: 0 };
  const deadline = Date.now() + options.deadlineMs;
  const started = Date.now();
  let next = 0;
  const note = (status: string): void => {
    report.statuses[status] = (report.statuses[status] ?? 0) + 1;
  };

  const launchOne = async (key: string): Promise<void> => {
    for (;;) {
      if (Date.now() > deadline) {
        report.gaveUp.push(key);
        return;
      }
      let response: Response;
      try {
        response = await fetch(`${options.gatewayUrl}/api/flows/${TORTURE_FLOW.name}/runs`, {
          method: 'POST',
          headers: { authorization: `Bearer ${options.token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ parameters: options.params, idempotencyKey: key }),
          signal: AbortSignal.timeout(30_000),
        });
      } catch {
        note('network');
        await sleep(250);
        continue;
      }
      note(String(response.status));
      const body = (await response.json().catch(() => ({}))) as { id?: string };
      if ([200, 201, 202].includes(response.status) && body.id) {
        report.accepted.set(key, body.id);
        options.onAccepted?.(report.accepted.size);
        return;
      }
      if (response.status === 503) {
        const retryAfter = Number(response.headers.get('retry-after'));
        if (!retryAfter) report.withoutRetryAfter++;
        await sleep((retryAfter || 1) * 1000);
        continue;
      }
      // Anything else (a 500 above all) is counted, and the launch tried again a little later.
      await sleep(500);
    }
  };

  const lanes = Array.from({ length: options.concurrency }, async () => {
    for (;;) {
      const index = next++;
      if (index >= options.count) return;
      // Paced: launch n leaves no earlier than n / rate seconds after the start.
      const due = started + (index * 1000) / options.ratePerSecond;
      if (due > Date.now()) await sleep(due - Date.now());
      await launchOne(`${options.keyPrefix}-${index}`);
    }
  });
  await Promise.all(lanes);
  return report;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
