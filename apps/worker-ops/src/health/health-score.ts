import type { HealthCheckFinding, HealthStatus } from '@relais/domains/ops/contracts';
import {
  DEFAULT_HEALTH_THRESHOLDS,
  HEALTH_DEDUCTIONS,
  HEALTH_STATUS_FLOORS,
  type HealthDeduction,
  type HealthThresholds,
} from './health-deductions';
import type {
  ChromaMeasurement,
  DatabaseMeasurement,
  DirectoryMeasurement,
  HealthMeasurements,
  QueueMeasurement,
  RedisMeasurement,
  SystemMeasurement,
} from './health-measurements';

export interface HealthScore {
  score: number;
  status: HealthStatus;
  /** One per check, passing ones included, in a stable order: system, dependencies, queues, directories. */
  findings: HealthCheckFinding[];
}

/**
 * Scores measurements against HEALTH_DEDUCTIONS. Pure: the same measurements always give the same score.
 * The deductions of the findings add up to 100 − score unless the score was clamped to 0.
 */
export function scoreHealth(
  measurements: HealthMeasurements,
  thresholds: HealthThresholds = DEFAULT_HEALTH_THRESHOLDS,
): HealthScore {
  const findings = [
    ...systemFindings(measurements.system, thresholds),
    redisFinding(measurements.redis),
    databaseFinding(measurements.database),
    chromaFinding(measurements.chroma),
    ...queueFindings(measurements.queues, thresholds),
    ...directoryFindings(measurements.directories),
  ];
  const deducted = findings.reduce((sum, finding) => sum + finding.deduction, 0);
  const score = Math.max(0, 100 - deducted);
  return { score, status: healthStatus(score), findings };
}

/** healthy ≥ 80, degraded ≥ 60, failing below. */
export function healthStatus(score: number): HealthStatus {
  if (score >= HEALTH_STATUS_FLOORS.healthy) return 'healthy';
  if (score >= HEALTH_STATUS_FLOORS.degraded) return 'degraded';
  return 'failing';
}

function systemFindings(system: SystemMeasurement, thresholds: HealthThresholds): HealthCheckFinding[] {
  const findings: HealthCheckFinding[] = [
    percentFinding('cpu', 'CPU', system.cpu.percent, thresholds.cpuPercent, HEALTH_DEDUCTIONS.cpu),
    percentFinding('memory', 'Memory', system.memory.percent, thresholds.memoryPercent, HEALTH_DEDUCTIONS.memory),
  ];
  const disk = system.disk;
  if ('error' in disk) {
    findings.push(unmeasured('disk', `Disk usage of ${disk.path} could not be measured: ${disk.error}`));
  } else {
    findings.push(
      percentFinding('disk', `Disk (${disk.path})`, disk.percent, thresholds.diskPercent, HEALTH_DEDUCTIONS.disk),
    );
  }
  return findings;
}

function percentFinding(
  check: string,
  label: string,
  percent: number | null,
  threshold: number,
  rule: HealthDeduction,
): HealthCheckFinding {
  if (percent === null) return unmeasured(check, `${label} usage could not be measured`);
  const value = round1(percent);
  if (percent > threshold) {
    return {
      check,
      ok: false,
      deduction: rule.points,
      value,
      message: `${label} at ${value} % is above ${threshold} %`,
    };
  }
  return { check, ok: true, deduction: 0, value, message: `${label} at ${value} % (limit ${threshold} %)` };
}

function redisFinding(redis: RedisMeasurement): HealthCheckFinding {
  if (redis.state === 'down') {
    return down('redis', 'Redis', redis.error, HEALTH_DEDUCTIONS.redis);
  }
  return {
    check: 'redis',
    ok: true,
    deduction: 0,
    value: redis.latencyMs,
    message: `Redis answered PING in ${redis.latencyMs} ms`,
  };
}

function databaseFinding(database: DatabaseMeasurement): HealthCheckFinding {
  if (database.state === 'down') {
    return down('database', `Database (${database.type})`, database.error, HEALTH_DEDUCTIONS.database);
  }
  return {
    check: 'database',
    ok: true,
    deduction: 0,
    value: database.latencyMs,
    message: `Database (${database.type}) answered SELECT 1 in ${database.latencyMs} ms`,
  };
}

function chromaFinding(chroma: ChromaMeasurement): HealthCheckFinding {
  switch (chroma.state) {
    case 'not-configured':
      return { check: 'chroma', ok: true, deduction: 0, value: null, message: 'Chroma is not configured: not checked' };
    case 'down':
      return down('chroma', `Chroma (${chroma.url})`, chroma.error, HEALTH_DEDUCTIONS.chroma);
    case 'up':
      return {
        check: 'chroma',
        ok: true,
        deduction: 0,
        value: chroma.latencyMs,
        message: `Chroma (${chroma.url}) answered its heartbeat in ${chroma.latencyMs} ms`,
      };
  }
}

function queueFindings(queues: QueueMeasurement[], thresholds: HealthThresholds): HealthCheckFinding[] {
  const backlog = new CappedDeduction(HEALTH_DEDUCTIONS.queueBacklog);
  const failureRate = new CappedDeduction(HEALTH_DEDUCTIONS.queueFailureRate);
  const backlogFindings: HealthCheckFinding[] = [];
  const failureFindings: HealthCheckFinding[] = [];

  for (const measurement of queues) {
    const backlogCheck = `queue-backlog:${measurement.queue}`;
    const failureCheck = `queue-failure-rate:${measurement.queue}`;
    if ('error' in measurement) {
      // Usually Redis being down, which its own finding already charges: not charged twice.
      const message = `Queue ${measurement.queue}: job counts unavailable: ${measurement.error}`;
      backlogFindings.push(unmeasured(backlogCheck, message));
      failureFindings.push(unmeasured(failureCheck, message));
      continue;
    }
    const { waiting, prioritized, delayed, failed, completed } = measurement.counts;

    const pending = waiting + prioritized + delayed;
    if (pending > thresholds.queueBacklog) {
      const { points, note } = backlog.charge();
      backlogFindings.push({
        check: backlogCheck,
        ok: false,
        deduction: points,
        value: pending,
        message: `Queue ${measurement.queue}: ${pending} jobs waiting or delayed, above ${thresholds.queueBacklog}${note}`,
      });
    } else {
      backlogFindings.push({
        check: backlogCheck,
        ok: true,
        deduction: 0,
        value: pending,
        message: `Queue ${measurement.queue}: ${pending} jobs waiting or delayed (limit ${thresholds.queueBacklog})`,
      });
    }

    const finished = completed + failed;
    if (finished < thresholds.queueFailureMinimumSample) {
      failureFindings.push({
        check: failureCheck,
        ok: true,
        deduction: 0,
        value: null,
        message:
          `Queue ${measurement.queue}: ${failed} failed of ${finished} finished jobs, ` +
          `too few to judge (needs ${thresholds.queueFailureMinimumSample})`,
      });
      continue;
    }
    const percent = (failed / finished) * 100;
    const value = round1(percent);
    if (percent > thresholds.queueFailurePercent) {
      const { points, note } = failureRate.charge();
      failureFindings.push({
        check: failureCheck,
        ok: false,
        deduction: points,
        value,
        message:
          `Queue ${measurement.queue}: ${value} % of ${finished} retained jobs failed, ` +
          `above ${thresholds.queueFailurePercent} %${note}`,
      });
    } else {
      failureFindings.push({
        check: failureCheck,
        ok: true,
        deduction: 0,
        value,
        message:
          `Queue ${measurement.queue}: ${value} % of ${finished} retained jobs failed ` +
          `(limit ${thresholds.queueFailurePercent} %)`,
      });
    }
  }
  return [...backlogFindings, ...failureFindings];
}

function directoryFindings(directories: DirectoryMeasurement[]): HealthCheckFinding[] {
  const charges = new CappedDeduction(HEALTH_DEDUCTIONS.directory);
  return directories.map((directory): HealthCheckFinding => {
    const check = `directory:${directory.path}`;
    if (directory.exists && directory.writable) {
      return {
        check,
        ok: true,
        deduction: 0,
        value: true,
        message: `Directory ${directory.path} exists and is writable`,
      };
    }
    const { points, note } = charges.charge();
    const problem = directory.error ?? (directory.exists ? 'is not writable' : 'is missing');
    return {
      check,
      ok: false,
      deduction: points,
      value: false,
      message: `Directory ${directory.path}: ${problem}${note}`,
    };
  });
}

function down(check: string, label: string, error: string, rule: HealthDeduction): HealthCheckFinding {
  return { check, ok: false, deduction: rule.points, value: false, message: `${label} is down: ${error}` };
}

/** A failed measurement rather than a failed dependency: visible, but worth no points. */
function unmeasured(check: string, message: string): HealthCheckFinding {
  return { check, ok: false, deduction: 0, value: null, message };
}

/** Hands out a per-item rule's points until its cap is spent. */
class CappedDeduction {
  private spent = 0;

  constructor(private readonly rule: HealthDeduction) {}

  charge(): { points: number; note: string } {
    const cap = this.rule.cap ?? Number.POSITIVE_INFINITY;
    const points = Math.max(0, Math.min(this.rule.points, cap - this.spent));
    this.spent += points;
    const note = points < this.rule.points ? `; cap of ${String(cap)} points for this rule reached` : '';
    return { points, note };
  }
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
