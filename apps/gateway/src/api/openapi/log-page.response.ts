import { ApiProperty } from '@nestjs/swagger';
import type { LogLevel, LogLine, LogPage } from '@relais/contracts';

class LogLineResponse implements LogLine {
  @ApiProperty({ description: 'Increasing within a run: pass the last one as `after`' })
  id: number;

  @ApiProperty({ enum: ['debug', 'info', 'warn', 'error'] })
  level: LogLevel;

  @ApiProperty()
  message: string;

  @ApiProperty({ type: String, nullable: true, description: 'The step that logged it' })
  step: string | null;

  @ApiProperty({ format: 'date-time' })
  at: string;
}

export class LogPageResponse implements LogPage {
  @ApiProperty({ type: [LogLineResponse], description: 'Oldest first' })
  items: LogLineResponse[];

  @ApiProperty({ type: Number, nullable: true, description: 'Pass as `after` next; null when no line came' })
  nextAfter: number | null;

  @ApiProperty({ description: 'The run has ended and every line has been returned' })
  complete: boolean;
}
