import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Report } from '@relais/contracts';
import { ArtifactRepository, type ArtifactEntity } from '@relais/persistence';
import { ApiErrorResponse } from '../openapi/api-error.response';
import { ReportResponse } from '../openapi/report.response';
import { isoOf } from '../runs/run.views';
import { ReportNotFoundError } from './report-not-found.error';

@ApiTags('reports')
@ApiBearerAuth()
@Controller('api/reports')
export class ReportsController {
  constructor(private readonly artifacts: ArtifactRepository) {}

  @Get(':id')
  @ApiOperation({ summary: 'A report (artifact) a run produced; its id is in the run detail' })
  @ApiOkResponse({ type: ReportResponse })
  @ApiNotFoundResponse({ type: ApiErrorResponse })
  async get(@Param('id') id: string): Promise<Report> {
    const artifact = await this.artifacts.findById(id);
    if (!artifact) throw new ReportNotFoundError(id);
    return reportOf(artifact);
  }
}

function reportOf(artifact: ArtifactEntity): Report {
  return {
    id: artifact.id,
    runId: artifact.runId,
    kind: artifact.kind,
    key: artifact.key,
    content: artifact.kind === 'json' ? parsedOrText(artifact.content) : artifact.content,
    createdAt: isoOf(artifact.createdAt),
  };
}

/** A JSON report stored by hand (or cut short) may not parse: the text is still worth showing. */
function parsedOrText(content: string): unknown {
  try {
    return JSON.parse(content) as unknown;
  } catch (error) {
    if (error instanceof SyntaxError) return content;
    throw error;
  }
}
