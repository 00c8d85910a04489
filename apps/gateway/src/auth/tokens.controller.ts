import { BadRequestException, Body, Controller, Delete, Get, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CreatedToken, TokenSummary } from '@relais/contracts';
import { ApiValidationPipe } from '../api/errors/api-validation.pipe';
import { RequiresRole } from './access.decorators';
import { ApiTokenService } from './api-token.service';
import { CreateTokenDto } from './create-token.dto';

const tokenIdPipe = new ParseUUIDPipe({
  exceptionFactory: () =>
    new BadRequestException({
      statusCode: 400,
      error: 'Bad Request',
      message: 'id: must be a token id (a UUID)',
      fields: { id: ['must be a token id (a UUID)'] },
    }),
});

/** API tokens: admin only. */
@ApiTags('tokens')
@ApiBearerAuth()
@RequiresRole('admin')
@Controller('api/tokens')
export class TokensController {
  constructor(private readonly tokens: ApiTokenService) {}

  @Get()
  @ApiOperation({ summary: 'Every token (revoked ones included), without the tokens themselves' })
  list(): Promise<TokenSummary[]> {
    return this.tokens.list();
  }

  @Post()
  @ApiOperation({ summary: 'Create a token: the response is the only time the token is shown' })
  create(@Body(ApiValidationPipe) body: CreateTokenDto): Promise<CreatedToken> {
    return this.tokens.create(body.name, body.role);
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Revoke a token (idempotent); 409 for the last active admin token' })
  revoke(@Param('id', tokenIdPipe) id: string): Promise<TokenSummary> {
    return this.tokens.revoke(id);
  }
}
