import { ApiProperty } from '@nestjs/swagger';
import type { ArtifactKind, Report } from '@relais/contracts';

export class ReportResponse implements Report {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  runId: string;

  @ApiProperty({ enum: ['json', 'markdown', 'text'] })
  kind: ArtifactKind;

  @ApiProperty({ example: 'health-report' })
  key: string;

  @ApiProperty({ description: 'JSON reports parsed; Markdown and text as strings' })
  content: unknown;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;
}
