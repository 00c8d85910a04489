import { Controller, Get, Header } from '@nestjs/common';
import { DASHBOARD_INDEX } from '../dashboard/dashboard-assets';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/access.decorators';
import { AUTHENTICATION_HINT, GATEWAY_LINKS, type ApiIndex } from './gateway-links';
import { renderHomePage } from './home-page';

const HOME_PAGE = renderHomePage(GATEWAY_LINKS);

/**
 * `GET /` and `GET /api`: the addresses `npm start` prints, which a newcomer opens first. `/` is the dashboard
 * (apps/dashboard, once built by `npm run build`; until then a page of links), `/api` the links as JSON. Public,
 * because they only hold links and the dashboard's sign-in: every page they lead to asks for its token.
 */
@ApiTags('home')
@Public()
@Controller()
export class HomeController {
  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  // The page names its hashed assets: always revalidated, so a new build shows at once.
  @Header('Cache-Control', 'no-cache')
  @ApiOperation({ summary: 'The dashboard (or, before it is built, a page of links); no token needed' })
  @ApiProduces('text/html')
  home(): string {
    return DASHBOARD_INDEX.html() ?? HOME_PAGE;
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
