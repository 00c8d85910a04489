import { defineDomain } from '@relais/domain-kit';
import { SAY_HELLO_FLOW } from './greetings.contracts';
import { GreetingsApiModule } from './greetings.gateway';
import { GREETINGS_SETTINGS } from './greetings.settings';
import {
  ArchivedGreetingEntity,
  GreetingArchiveRepository,
  GreetingEntity,
  GreetingRepository,
  GreetingsArchive1900000000001,
  GreetingsSaid1900000000000,
} from './greetings.tables';

/**
 * A domain of the tests only, declared in this one place as docs/adding-a-domain.md says: a flow, a deployment,
 * a table in Relais's database, a table in a database of its own, settings with a secret, and a route.
 */
export const GREETINGS_DOMAIN = defineDomain({
  name: 'greetings',
  description: 'Says hello (tests only)',
  flows: [SAY_HELLO_FLOW],
  deployments: [
    {
      name: 'greetings-daily',
      flow: SAY_HELLO_FLOW.name,
      description: 'Hello',
      parameters: { name: 'World' },
      tags: [],
    },
  ],
  tables: {
    entities: [GreetingEntity],
    migrations: [GreetingsSaid1900000000000],
    repositories: [GreetingRepository],
  },
  database: {
    url: (settings) => settings.databaseUrl,
    entities: [ArchivedGreetingEntity],
    migrations: [GreetingsArchive1900000000001],
    repositories: [GreetingArchiveRepository],
  },
  settings: GREETINGS_SETTINGS,
  gateway: {
    module: GreetingsApiModule,
    legacyRoutes: [{ method: 'GET', from: '/api/hello', to: '/api/greetings/said' }],
  },
});
