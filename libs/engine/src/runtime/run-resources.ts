import { Inject, Injectable, Logger } from '@nestjs/common';
import { RELAIS_CONFIG, type RelaisConfig } from '@relais/config';
import type { LogLevel } from '@relais/contracts';
import { ArtifactRepository, FlowRunRepository, StepRunRepository } from '@relais/persistence';
import { RunEventPublisher } from '../events/run-event.publisher';
import { RunLauncher } from '../launcher/run-launcher';
import { SecretRedactor } from '../logging/secret-redactor';
import { DatabaseAvailability } from '../run-store/database-availability';
import { RunWriteBuffer } from '../run-store/run-write-buffer';

const LOG_LEVELS: LogLevel[] = ['debug', 'info', 'warn', 'error'];

/**
 * What the parts of a worker that run an attempt share (the executor, the run context, the outcome): one
 * object instead of long constructor lists, as trigger.dev's run-engine systems share their resources.
 */
@Injectable()
export class RunResources {
  readonly redactor: SecretRedactor;
  private readonly logger = new Logger('FlowExecutor');
  private readonly echoLevel: number;

  constructor(
    @Inject(RELAIS_CONFIG) readonly config: RelaisConfig,
    readonly buffer: RunWriteBuffer,
    readonly events: RunEventPublisher,
    readonly runs: FlowRunRepository,
    readonly steps: StepRunRepository,
    readonly artifacts: ArtifactRepository,
    readonly launcher: RunLauncher,
    readonly database: DatabaseAvailability,
  ) {
    this.echoLevel = LOG_LEVELS.indexOf(config.logLevel);
    this.redactor = new SecretRedactor(config.secrets);
  }

  /** Echoes a run's log line to the process log at LOG_LEVEL or above. */
  echo(level: LogLevel, runId: string, message: string): void {
    if (LOG_LEVELS.indexOf(level) < this.echoLevel) return;
    const line = `[run ${runId}] ${message}`;
    if (level === 'error') this.logger.error(line);
    else if (level === 'warn') this.logger.warn(line);
    else this.logger.log(line);
  }
}
