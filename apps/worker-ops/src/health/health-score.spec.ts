import { DEFAULT_HEALTH_THRESHOLDS, HEALTH_DEDUCTIONS } from './health-deductions';
import type { HealthMeasurements, QueueJobCounts, QueueMeasurement } from './health-measurements';
import { healthStatus, scoreHealth } from './health-score';

function healthy(): HealthMeasurements {
  return {
    system: {
      cpu: { percent: 12.5, perCpuPercent: [10, 15], sampleMs: 250 },
      memory: { percent: 40, totalBytes: 8e9, availableBytes: 4.8e9, source: 'proc-meminfo' },
      disk: { path: '/data', measuredPath: '/data', percent: 50, totalBytes: 1e11, availableBytes: 5e10 },
      process: { pid: 1, rssBytes: 1e8, heapUsedBytes: 5e7, uptimeSeconds: 60 },
    },
    redis: { state: 'up', latencyMs: 1, usedMemoryBytes: 1e6, maxMemoryBytes: 0, infoError: null },
    database: { state: 'up', type: 'better-sqlite3', latencyMs: 1 },
    chroma: { state: 'not-configured' },
    queues: [queue('ops'), queue('rag')],
    directories: [{ path: '/data', exists: true, writable: true, error: null }],
  };
}

function queue(name: string, counts: Partial<QueueJobCounts> = {}): QueueMeasurement {
  return {
    queue: name,
    counts: { waiting: 0, prioritized: 0, delayed: 0, active: 0, failed: 0, completed: 0, ...counts },
  };
}

function withSystem(patch: { cpu?: number | null; memory?: number; disk?: number }): HealthMeasurements {
  const measurements = healthy();
  if (patch.cpu !== undefined) measurements.system.cpu.percent = patch.cpu;
  if (patch.memory !== undefined) measurements.system.memory.percent = patch.memory;
  if (patch.disk !== undefined && 'percent' in measurements.system.disk) measurements.system.disk.percent = patch.disk;
  return measurements;
}

function finding(measurements: HealthMeasurements, check: string) {
  const found = scoreHealth(measurements).findings.find((candidate) => candidate.check === check);
  if (!found) throw new Error(`No finding ${check}`);
  return found;
}

describe('scoreHealth', () => {
  it('gives 100 and healthy when nothing is wrong, with one passing finding per check', () => {
    const result = scoreHealth(healthy());

    expect(result.score).toBe(100);
    expect(result.status).toBe('healthy');
    expect(result.findings.every((candidate) => candidate.ok && candidate.deduction === 0)).toBe(true);
    expect(result.findings.map((candidate) => candidate.check)).toEqual([
      'cpu',
      'memory',
      'disk',
      'redis',
      'database',
      'chroma',
      'queue-backlog:ops',
      'queue-backlog:rag',
      'queue-failure-rate:ops',
      'queue-failure-rate:rag',
      'directory:/data',
    ]);
  });

  describe('system thresholds are strict: the threshold itself costs nothing', () => {
    it.each([
      ['cpu', { cpu: 80 }, 100],
      ['cpu', { cpu: 80.1 }, 80],
      ['memory', { memory: 85 }, 100],
      ['memory', { memory: 85.1 }, 80],
      ['disk', { disk: 90 }, 100],
      ['disk', { disk: 90.1 }, 70],
    ] as const)('%s %o scores %i', (check, patch, expected) => {
      const measurements = withSystem(patch);

      expect(scoreHealth(measurements).score).toBe(expected);
      expect(finding(measurements, check).ok).toBe(expected === 100);
    });
  });

  it('reports a CPU that could not be measured as a failed finding worth no points', () => {
    const cpu = finding(withSystem({ cpu: null }), 'cpu');

    expect(cpu).toMatchObject({ ok: false, deduction: 0, value: null });
    expect(scoreHealth(withSystem({ cpu: null })).score).toBe(100);
  });

  it('reports an unmeasured disk without charging it', () => {
    const measurements = healthy();
    measurements.system.disk = { path: '/data', error: 'EACCES: permission denied' };

    expect(finding(measurements, 'disk')).toMatchObject({ ok: false, deduction: 0 });
    expect(scoreHealth(measurements).score).toBe(100);
  });

  it.each([
    ['redis', 25, (m: HealthMeasurements) => (m.redis = { state: 'down', error: 'ECONNREFUSED', elapsedMs: 3 })],
    [
      'database',
      25,
      (m: HealthMeasurements) =>
        (m.database = { state: 'down', type: 'mysql', error: 'pool timeout', elapsedMs: 3000 }),
    ],
    [
      'chroma',
      25,
      (m: HealthMeasurements) =>
        (m.chroma = { state: 'down', url: 'http://chroma:8000', error: 'HTTP 503', elapsedMs: 5 }),
    ],
  ] as const)('charges %s being down %i points', (check, points, breakIt) => {
    const measurements = healthy();
    breakIt(measurements);

    const result = scoreHealth(measurements);

    expect(result.score).toBe(100 - points);
    expect(finding(measurements, check)).toMatchObject({ ok: false, deduction: points, value: false });
  });

  it('does not check or charge Chroma when it is not configured', () => {
    expect(finding(healthy(), 'chroma')).toMatchObject({
      ok: true,
      deduction: 0,
      message: 'Chroma is not configured: not checked',
    });
  });

  it('charges an up Chroma nothing', () => {
    const measurements = healthy();
    measurements.chroma = { state: 'up', url: 'http://chroma:8000', latencyMs: 4 };

    expect(finding(measurements, 'chroma')).toMatchObject({ ok: true, deduction: 0, value: 4 });
  });

  describe('queue backlog', () => {
    it('counts waiting, prioritized and delayed jobs, not active ones, against a strict threshold', () => {
      const atLimit = healthy();
      atLimit.queues = [queue('ops', { waiting: 500, prioritized: 300, delayed: 200, active: 5000 })];
      const overLimit = healthy();
      overLimit.queues = [queue('ops', { waiting: 500, prioritized: 300, delayed: 201 })];

      expect(finding(atLimit, 'queue-backlog:ops')).toMatchObject({ ok: true, value: 1000 });
      expect(finding(overLimit, 'queue-backlog:ops')).toMatchObject({ ok: false, deduction: 10, value: 1001 });
      expect(scoreHealth(overLimit).score).toBe(90);
    });

    it('charges 10 per queue up to 20 in total, the further queues failing at 0 points', () => {
      const measurements = healthy();
      measurements.queues = ['ops', 'scrutart', 'documents'].map((name) => queue(name, { waiting: 5000 }));

      const result = scoreHealth(measurements);

      expect(result.score).toBe(80);
      expect(result.findings.filter((candidate) => candidate.check.startsWith('queue-backlog:'))).toEqual([
        expect.objectContaining({ ok: false, deduction: 10 }),
        expect.objectContaining({ ok: false, deduction: 10 }),
        expect.objectContaining({
          ok: false,
          deduction: 0,
          message: expect.stringContaining('cap of 20 points') as string,
        }),
      ]);
    });

    it('follows a threshold given by the caller', () => {
      const measurements = healthy();
      measurements.queues = [queue('ops', { waiting: 60 })];

      expect(scoreHealth(measurements, { ...DEFAULT_HEALTH_THRESHOLDS, queueBacklog: 50 }).score).toBe(90);
    });
  });

  describe('queue failure rate', () => {
    it('is strict at 20 % of the retained finished jobs', () => {
      const atLimit = healthy();
      atLimit.queues = [queue('ops', { failed: 20, completed: 80 })];
      const overLimit = healthy();
      overLimit.queues = [queue('ops', { failed: 21, completed: 79 })];

      expect(finding(atLimit, 'queue-failure-rate:ops')).toMatchObject({ ok: true, value: 20 });
      expect(finding(overLimit, 'queue-failure-rate:ops')).toMatchObject({ ok: false, deduction: 10, value: 21 });
    });

    it('is not judged on fewer than 10 finished jobs', () => {
      const few = healthy();
      few.queues = [queue('ops', { failed: 9, completed: 0 })];
      const enough = healthy();
      enough.queues = [queue('ops', { failed: 10, completed: 0 })];

      expect(finding(few, 'queue-failure-rate:ops')).toMatchObject({ ok: true, deduction: 0, value: null });
      expect(finding(enough, 'queue-failure-rate:ops')).toMatchObject({ ok: false, deduction: 10, value: 100 });
    });

    it('is capped at 20 points, independently of the backlog cap', () => {
      const measurements = healthy();
      measurements.queues = ['ops', 'scrutart', 'documents'].map((name) =>
        queue(name, { waiting: 2000, failed: 50, completed: 50 }),
      );

      expect(scoreHealth(measurements).score).toBe(60);
    });
  });

  it('reports an unreadable queue on both its checks without charging it', () => {
    const measurements = healthy();
    measurements.queues = [{ queue: 'ops', error: 'Connection is closed.' }];

    const queueFindings = scoreHealth(measurements).findings.filter((candidate) => candidate.check.endsWith(':ops'));

    expect(queueFindings).toHaveLength(2);
    expect(queueFindings.every((candidate) => !candidate.ok && candidate.deduction === 0)).toBe(true);
    expect(scoreHealth(measurements).score).toBe(100);
  });

  describe('directories', () => {
    it('charges a missing or unwritable directory 10, capped at 20', () => {
      const measurements = healthy();
      measurements.directories = [
        { path: '/a', exists: false, writable: false, error: 'does not exist' },
        { path: '/b', exists: true, writable: false, error: 'cannot write a file: EACCES' },
        { path: '/c', exists: false, writable: false, error: null },
        { path: '/d', exists: true, writable: true, error: null },
      ];

      const result = scoreHealth(measurements);

      expect(result.score).toBe(80);
      expect(result.findings.filter((candidate) => candidate.check.startsWith('directory:'))).toEqual([
        expect.objectContaining({
          check: 'directory:/a',
          ok: false,
          deduction: 10,
          message: 'Directory /a: does not exist',
        }),
        expect.objectContaining({
          check: 'directory:/b',
          ok: false,
          deduction: 10,
          message: 'Directory /b: cannot write a file: EACCES',
        }),
        expect.objectContaining({
          check: 'directory:/c',
          ok: false,
          deduction: 0,
          message: 'Directory /c: is missing; cap of 20 points for this rule reached',
        }),
        expect.objectContaining({ check: 'directory:/d', ok: true, deduction: 0 }),
      ]);
    });
  });

  it('adds deductions up to 100 − score and clamps the score at 0', () => {
    const measurements = withSystem({ cpu: 99, memory: 99, disk: 99 });
    measurements.redis = { state: 'down', error: 'refused', elapsedMs: 1 };
    measurements.database = { state: 'down', type: 'mysql', error: 'refused', elapsedMs: 1 };
    measurements.chroma = { state: 'down', url: 'http://chroma', error: 'refused', elapsedMs: 1 };

    const result = scoreHealth(measurements);
    const deducted = result.findings.reduce((sum, candidate) => sum + candidate.deduction, 0);

    expect(deducted).toBe(20 + 20 + 30 + 25 + 25 + 25);
    expect(result.score).toBe(0);
    expect(result.status).toBe('failing');
  });

  it('scores the worst case every rule can reach', () => {
    const measurements = withSystem({ cpu: 100, memory: 100, disk: 100 });
    measurements.redis = { state: 'down', error: 'refused', elapsedMs: 1 };
    measurements.database = { state: 'down', type: 'mysql', error: 'refused', elapsedMs: 1 };
    measurements.chroma = { state: 'down', url: 'http://chroma', error: 'refused', elapsedMs: 1 };
    measurements.queues = ['a', 'b', 'c'].map((name) => queue(name, { waiting: 5000, failed: 100 }));
    measurements.directories = ['/a', '/b', '/c'].map((path) => ({
      path,
      exists: false,
      writable: false,
      error: null,
    }));

    const deducted = scoreHealth(measurements).findings.reduce((sum, candidate) => sum + candidate.deduction, 0);
    const maximum = Object.values(HEALTH_DEDUCTIONS).reduce((sum, rule) => sum + (rule.cap ?? rule.points), 0);

    expect(deducted).toBe(maximum);
  });
});

describe('healthStatus', () => {
  it.each([
    [100, 'healthy'],
    [80, 'healthy'],
    [79, 'degraded'],
    [60, 'degraded'],
    [59, 'failing'],
    [0, 'failing'],
  ] as const)('%i is %s', (score, status) => {
    expect(healthStatus(score)).toBe(status);
  });
});

describe('HEALTH_DEDUCTIONS', () => {
  it('holds the points of SPEC §5', () => {
    expect(
      Object.fromEntries(
        Object.entries(HEALTH_DEDUCTIONS).map(([key, rule]) => [key, [rule.threshold, rule.points, rule.cap]]),
      ),
    ).toEqual({
      cpu: [80, 20, null],
      memory: [85, 20, null],
      disk: [90, 30, null],
      database: [null, 25, null],
      redis: [null, 25, null],
      chroma: [null, 25, null],
      queueBacklog: [1000, 10, 20],
      queueFailureRate: [20, 10, 20],
      directory: [null, 10, 20],
    });
  });
});
