import { FakeEntraToken } from '../fakes/entra-token.fake';
import { FakeMicrosoftGraph } from '../fakes/microsoft-graph.fake';
import { writeFixtureTree } from './fixtures/price-schedule-fixtures';
import { startDpgfWorld, type DpgfWorld } from './dpgf-worker-harness';

/** The fake Entra ID and Graph drive, and a DPGF world signed in to them; `world` is set once the suite started. */
export interface GraphDpgfWorld {
  entra: FakeEntraToken;
  graph: FakeMicrosoftGraph;
  world: DpgfWorld;
}

/**
 * A DPGF worker reading SharePoint through the fake Microsoft Graph and Entra ID, the drive loaded with the fixture
 * tree: started before the suite's tests (beforeAll) and stopped after them.
 */
export function useGraphDpgfWorld(): GraphDpgfWorld {
  const entra = new FakeEntraToken();
  const graph = new FakeMicrosoftGraph('b!drive-etudes', (token) => entra.issued.includes(token));
  const handle = { entra, graph } as GraphDpgfWorld;

  beforeAll(async () => {
    await entra.start();
    await graph.start();
    handle.world = await startDpgfWorld({
      GRAPH_API_URL: `${graph.url}/v1.0`,
      GRAPH_AUTHORITY_HOST: entra.url,
      GRAPH_TENANT_ID: entra.tenantId,
      GRAPH_CLIENT_ID: entra.clientId,
      GRAPH_CLIENT_SECRET: entra.clientSecret,
      GRAPH_DRIVE_ID: graph.driveId,
    });
    await writeFixtureTree(handle.world.root);
    await graph.loadFolder(handle.world.root);
  });

  afterAll(async () => {
    await handle.world.stop();
    await graph.stop();
    await entra.stop();
  });

  return handle;
}
