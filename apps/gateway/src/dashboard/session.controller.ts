import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Post,
  Req,
  Res,
  UnauthorizedException,
  UsePipes,
} from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Public } from '../auth/access.decorators';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { CLEARED_SESSION_COOKIE, sessionCookie } from '../auth/dashboard-session';
import type { Principal } from '../auth/principal';
import { TokenVerifier } from '../auth/token.verifier';
import { ApiValidationPipe } from '../api/errors/api-validation.pipe';
import { ApiErrorResponse } from '../api/openapi/api-error.response';
import { SessionResponse } from './session.response';
import { SignInBody } from './sign-in.body';

/** Who is signed in to the dashboard: the token's name and role (never the token). */
export interface DashboardSession {
  name: string;
  role: Principal['role'];
}

/**
 * The dashboard's sign-in: a token typed once becomes an HttpOnly, SameSite=Strict session cookie (see
 * dashboard-session.ts), after which the page's requests carry the cookie and the `X-Relais-Session` header
 * instead of the token. Signing out drops the cookie. Tokens themselves stay managed by `/api/tokens`.
 */
@ApiTags('dashboard')
@UsePipes(ApiValidationPipe)
@Controller('api/session')
export class SessionController {
  constructor(private readonly verifier: TokenVerifier) {}

  @Post()
  @Public()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: "Sign the dashboard in: the token's session cookie is set (no token needed)" })
  @ApiOkResponse({ type: SessionResponse })
  @ApiUnauthorizedResponse({ type: ApiErrorResponse, description: 'Unknown or revoked token' })
  async signIn(
    @Body() body: SignInBody,
    @Req() request: IncomingMessage,
    @Res({ passthrough: true }) response: ServerResponse,
  ): Promise<DashboardSession> {
    const principal = await this.verifier.verify(body.token);
    if (!principal) throw new UnauthorizedException('Unknown or revoked API token: check it, or ask an admin for one');
    response.setHeader('Set-Cookie', sessionCookie(body.token, request));
    response.setHeader('Cache-Control', 'no-store');
    return { name: principal.name, role: principal.role };
  }

  @Get()
  @ApiOperation({ summary: 'Who the session (or bearer token) is: name and role' })
  @ApiOkResponse({ type: SessionResponse })
  session(@CurrentPrincipal() principal: Principal): DashboardSession {
    return { name: principal.name, role: principal.role };
  }

  @Delete()
  @Public()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Sign the dashboard out: the session cookie is dropped' })
  @ApiNoContentResponse()
  signOut(@Res({ passthrough: true }) response: ServerResponse): void {
    response.setHeader('Set-Cookie', CLEARED_SESSION_COOKIE);
  }
}
