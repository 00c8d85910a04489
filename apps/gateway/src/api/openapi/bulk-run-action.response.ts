import { ApiProperty } from '@nestjs/swagger';

export class BulkRunRefusalResponse {
  @ApiProperty({ format: 'uuid' })
  runId: string;

  @ApiProperty({ example: 'Run … has already ended (COMPLETED)' })
  message: string;
}

export class BulkRunActionResponse {
  @ApiProperty({ enum: ['cancel', 'retry'] })
  action: 'cancel' | 'retry';

  @ApiProperty()
  dryRun: boolean;

  @ApiProperty({ description: 'Runs the filters match in a state the action applies to' })
  matched: number;

  @ApiProperty({ description: 'Runs cancelled (or CANCELLING) or retried; 0 on a dry run' })
  done: number;

  @ApiProperty({ description: 'Runs the action was refused for, mostly because they changed state meanwhile' })
  refused: number;

  @ApiProperty({ type: [BulkRunRefusalResponse], description: 'The first 20 refusals, with the reason' })
  refusals: BulkRunRefusalResponse[];
}
