import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsObject, IsOptional } from 'class-validator';
import type { RunDeploymentRequest } from '@relais/contracts';

/** Body of `POST /api/deployments/{name}/run`. */
export class RunDeploymentBody implements RunDeploymentRequest {
  @ApiPropertyOptional({
    description: "Overrides merged over the deployment's parameters",
    type: 'object',
    additionalProperties: true,
    example: { detailed: true },
  })
  @IsOptional()
  @IsObject()
  parameters?: Record<string, unknown>;
}
