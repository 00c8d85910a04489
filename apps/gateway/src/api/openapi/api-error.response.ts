import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { ApiError } from '@relais/contracts';

export class ApiErrorResponse implements ApiError {
  @ApiProperty({ example: 400 })
  statusCode: number;

  @ApiProperty({ example: 'Bad Request' })
  error: string;

  @ApiProperty({ example: 'Invalid request: limit: limit must not be greater than 500' })
  message: string;

  @ApiPropertyOptional({
    description: 'Each bad field with what it expects (400 only)',
    type: 'object',
    additionalProperties: { type: 'array', items: { type: 'string' } },
    example: { limit: ['limit must not be greater than 500'] },
  })
  fields?: Record<string, string[]>;
}
