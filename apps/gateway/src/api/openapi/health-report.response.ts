import { ApiProperty } from '@nestjs/swagger';
import type { HealthIndicatorState, HealthReport } from '@relais/contracts';

export class HealthReportResponse implements HealthReport {
  @ApiProperty({ enum: ['ok', 'error'] })
  status: 'ok' | 'error';

  @ApiProperty()
  redis: boolean;

  @ApiProperty()
  database: boolean;

  @ApiProperty({
    type: 'object',
    additionalProperties: {
      type: 'object',
      properties: { status: { type: 'string', enum: ['up', 'down'] }, message: { type: 'string' } },
    },
    example: { redis: { status: 'up' }, database: { status: 'up' } },
  })
  details: Record<string, HealthIndicatorState>;
}
