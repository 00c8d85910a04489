import { Controller, Get, Header } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Registry } from 'prom-client';
import { RequiresRole } from '../../auth/access.decorators';
import { GatewayMetrics } from './gateway-metrics';

/** Prometheus scrape endpoint. A viewer token is needed: run counts per flow are not for anonymous callers. */
@ApiTags('metrics')
@ApiBearerAuth()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: GatewayMetrics) {}

  @Get()
  @RequiresRole('viewer')
  @Header('Cache-Control', 'no-store')
  @Header('Content-Type', Registry.PROMETHEUS_CONTENT_TYPE)
  @ApiOperation({ summary: 'Prometheus metrics: queue depths, runs by flow and state, runs started via the API' })
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'Prometheus text exposition format 0.0.4' })
  scrape(): Promise<string> {
    return this.metrics.render();
  }
}
