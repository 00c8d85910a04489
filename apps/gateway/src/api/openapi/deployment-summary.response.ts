import { ApiProperty } from '@nestjs/swagger';
import type { DeploymentSummary } from '@relais/contracts';

export class DeploymentSummaryResponse implements DeploymentSummary {
  @ApiProperty({ example: 'hourly-health-check' })
  name: string;

  @ApiProperty({ example: 'ops.health-check' })
  flowName: string;

  @ApiProperty()
  description: string;

  @ApiProperty({ type: 'object', additionalProperties: true, description: 'Default parameters of its runs' })
  parameters: Record<string, unknown>;

  @ApiProperty({
    nullable: true,
    description: 'A cron in a time zone, a fixed interval, or null (runs only when asked)',
    oneOf: [
      {
        type: 'object',
        properties: { cron: { type: 'string', example: '0 * * * *' }, timezone: { type: 'string', example: 'UTC' } },
        required: ['cron', 'timezone'],
      },
      { type: 'object', properties: { everyMs: { type: 'integer', example: 900000 } }, required: ['everyMs'] },
    ],
  })
  schedule: { cron: string; timezone: string } | { everyMs: number } | null;

  @ApiProperty()
  paused: boolean;

  @ApiProperty({ type: [String] })
  tags: string[];

  @ApiProperty({ description: 'False once removed from the code catalogue (kept for history, never scheduled)' })
  inCatalogue: boolean;

  @ApiProperty({ type: String, nullable: true })
  lastRunId: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  lastRunAt: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  nextRunAt: string | null;
}
