import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsObject, IsOptional, IsString, Length, Matches } from 'class-validator';
import type { StartRunRequest } from '@relais/contracts';

/** The stored key is `api:{flow}:{key}` in a 200-character column; flow names take up to 100 of them. */
const MAX_IDEMPOTENCY_KEY_LENGTH = 80;

/** Body of `POST /api/flows/{name}/runs`. */
export class StartRunBody implements StartRunRequest {
  @ApiPropertyOptional({
    description: "The flow's parameters (see its parametersSchema); omitted fields take their defaults",
    type: 'object',
    additionalProperties: true,
    example: { alert_threshold: 80, detailed: true },
  })
  @IsOptional()
  @IsObject()
  parameters?: Record<string, unknown>;

  @ApiPropertyOptional({
    description:
      'Repeat a request safely: a second start of the same flow with the same key answers 200 with the first run',
    maxLength: MAX_IDEMPOTENCY_KEY_LENGTH,
    example: 'nightly-2025-01-31',
  })
  @IsOptional()
  @IsString()
  @Length(1, MAX_IDEMPOTENCY_KEY_LENGTH)
  @Matches(/^\P{Cc}+$/u, { message: 'idempotencyKey must not contain control characters' })
  idempotencyKey?: string;
}
