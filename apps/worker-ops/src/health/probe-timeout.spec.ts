import { ProbeTimeout, withTimeout } from './probe-timeout';

describe('withTimeout', () => {
  it('settles like the work when it is in time', async () => {
    await expect(withTimeout(Promise.resolve('pong'), 100, 'PING')).resolves.toBe('pong');
    await expect(withTimeout(Promise.reject(new Error('refused')), 100, 'PING')).rejects.toThrow('refused');
  });

  it('rejects with ProbeTimeout naming the probe when the work is late', async () => {
    const never = new Promise<never>(() => undefined);

    const outcome = withTimeout(never, 20, 'Redis PING');

    await expect(outcome).rejects.toBeInstanceOf(ProbeTimeout);
    await expect(outcome).rejects.toThrow('Redis PING: no answer within 20 ms');
  });

  it('rejects with the abort reason when the run is cancelled, before or during the wait', async () => {
    const controller = new AbortController();
    const waiting = withTimeout(new Promise<never>(() => undefined), 5000, 'PING', controller.signal);
    controller.abort(new Error('run cancelled'));

    await expect(waiting).rejects.toThrow('run cancelled');
    await expect(withTimeout(Promise.resolve(1), 5000, 'PING', controller.signal)).rejects.toThrow('run cancelled');
  });
});
