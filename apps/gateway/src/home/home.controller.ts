import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/access.decorators';
import { AUTHENTICATION_HINT, GATEWAY_LINKS, type ApiIndex } from './gateway-links';
import { renderHomePage } from './home-page';

const HOME_PAGE = renderHomePage(GATEWAY_LINKS);

/**
 * `GET /` and `GET /api`: the addresses `npm start` prints, which a newcomer opens first. Until the dashboard
 * exists they list where to go. Public, because they only hold links: every page they lead to asks for its token.
 */
@ApiTags('home')
@Public()
@Controller()
export class HomeController {
  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @ApiOperation({ summary: 'A page of links to the API docs, Bull Board, health and metrics (no token needed)' })
  @ApiProduces('text/html')
  home(): string {
    return HOME_PAGE;
  }

  @Get('api')
  @ApiOperation({ summary: "The gateway's entry points as JSON (no token needed)" })
  @ApiOkResponse({ description: '{name, description, authentication, links: {name: {href, title, access}}}' })
  index(): ApiIndex {
    return {
      name: 'Relais',
      description: 'Queue-driven workflow automation: flows, runs, deployments, live events.',
      authentication: AUTHENTICATION_HINT,
      links: GATEWAY_LINKS,
    };
  }
}
