import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsString, Length, Matches } from 'class-validator';
import type { TokenRole } from '@relais/contracts';

const ROLES: TokenRole[] = ['viewer', 'operator', 'admin'];

/** Body of POST /api/tokens. */
export class CreateTokenDto {
  @ApiProperty({ description: 'What the token is for, shown in token lists', example: 'ci-pipeline', maxLength: 100 })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString({ message: 'name must be a string' })
  @Length(1, 100, { message: 'name must be 1 to 100 characters' })
  @Matches(/^[^\p{Cc}]*$/u, { message: 'name must not contain control characters' })
  name: string;

  @ApiProperty({ enum: ROLES, description: 'viewer reads; operator also starts, cancels, retries, pauses; admin all' })
  @IsIn(ROLES, { message: 'role must be one of viewer, operator, admin' })
  role: TokenRole;
}
