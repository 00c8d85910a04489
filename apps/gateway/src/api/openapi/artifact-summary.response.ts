import { ApiProperty } from '@nestjs/swagger';
import type { ArtifactKind, ArtifactSummary } from '@relais/contracts';

export class ArtifactSummaryResponse implements ArtifactSummary {
  @ApiProperty({ format: 'uuid', description: 'Read it with GET /api/reports/{id}' })
  id: string;

  @ApiProperty({ enum: ['json', 'markdown', 'text'] })
  kind: ArtifactKind;

  @ApiProperty({ example: 'health-report' })
  key: string;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;
}
