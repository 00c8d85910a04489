import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from './current-principal.decorator';
import type { Principal } from './principal';

/** Who the caller's token says they are: the CLI checks its token with it. */
@ApiTags('tokens')
@ApiBearerAuth()
@Controller('api/whoami')
export class WhoamiController {
  @Get()
  @ApiOperation({ summary: 'The principal of the token sent (any valid token)' })
  whoami(@CurrentPrincipal() principal: Principal): Principal {
    return principal;
  }
}
