// The supervisor is plain JavaScript (it runs before anything is built).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { RestartPolicy } = require('../../scripts/supervisor/restart-policy') as {
  RestartPolicy: new (options?: object) => {
    onFailure(now: number): { restart: boolean; delayMs?: number; recent: number };
  };
};

const MINUTE = 60_000;

describe('The supervisor restart policy', () => {
  it('keeps restarting a process that failed six times in half a minute (a transient fault), with backoff', () => {
    const policy = new RestartPolicy();
    let now = 0;
    const delays: number[] = [];
    for (let failure = 0; failure < 6; failure++) {
      const decision = policy.onFailure(now);
      expect(decision.restart).toBe(true);
      delays.push(decision.delayMs ?? -1);
      now += (decision.delayMs ?? 0) + 500;
    }
    expect(delays).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000]);
  });

  it('gives up on a process that keeps failing: 11 failures within 10 minutes', () => {
    const policy = new RestartPolicy();
    const decisions = Array.from({ length: 11 }, (_, index) => policy.onFailure(index * 20_000));
    expect(decisions.slice(0, 10).every((decision) => decision.restart)).toBe(true);
    expect(decisions[10]).toEqual({ restart: false, recent: 11 });
  });

  it('counts only the last 10 minutes: a failure every 2 minutes all day long is always restarted', () => {
    const policy = new RestartPolicy();
    for (let at = 0; at < 24 * 60 * MINUTE; at += 2 * MINUTE) {
      const decision = policy.onFailure(at);
      expect(decision).toMatchObject({ restart: true, recent: Math.min(5, at / (2 * MINUTE) + 1) });
    }
  });

  it('starts the backoff again once earlier failures have left the window', () => {
    const policy = new RestartPolicy();
    for (let failure = 0; failure < 5; failure++) policy.onFailure(failure * 1000);
    expect(policy.onFailure(11 * MINUTE)).toEqual({ restart: true, delayMs: 1000, recent: 1 });
  });
});
