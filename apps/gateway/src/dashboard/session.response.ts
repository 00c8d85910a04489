import { ApiProperty } from '@nestjs/swagger';
import type { TokenRole } from '@relais/contracts';
import type { DashboardSession } from './session.controller';

export class SessionResponse implements DashboardSession {
  @ApiProperty({ example: 'alice' })
  name: string;

  @ApiProperty({ enum: ['viewer', 'operator', 'admin'], enumName: 'TokenRole' })
  role: TokenRole;
}
