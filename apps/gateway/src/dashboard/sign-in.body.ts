import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

/** Body of `POST /api/session`: the API token the dashboard's user typed. */
export class SignInBody {
  @ApiProperty({ description: 'An API token of any role', example: 'relais_…' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(512)
  token: string;
}
