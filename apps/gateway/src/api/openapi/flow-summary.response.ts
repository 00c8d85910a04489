import { ApiProperty } from '@nestjs/swagger';
import type { FlowSummary } from '@relais/contracts';

class RetryPolicyResponse {
  @ApiProperty({ description: 'Total attempts, the first included' })
  attempts: number;

  @ApiProperty({ description: 'Delay before the first retry; doubles on each further retry' })
  backoffMs: number;

  @ApiProperty({ description: 'Share (0..1) of each delay that is randomised' })
  jitter: number;
}

export class FlowSummaryResponse implements FlowSummary {
  @ApiProperty({ example: 'ops.health-check' })
  name: string;

  @ApiProperty({ example: 'ops' })
  queue: string;

  @ApiProperty()
  description: string;

  @ApiProperty({
    description: 'JSON Schema (2020-12) of the parameters, with defaults',
    type: 'object',
    additionalProperties: true,
  })
  parametersSchema: Record<string, unknown>;

  @ApiProperty({ type: RetryPolicyResponse })
  retry: { attempts: number; backoffMs: number; jitter: number };

  @ApiProperty()
  timeoutMs: number;

  @ApiProperty({ type: Number, nullable: true, description: 'At most this many runs at once; null: no limit' })
  concurrencyLimit: number | null;
}
