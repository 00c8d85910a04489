import type { TestingModule } from '@nestjs/testing';
import { DataFactory, Parser, Store } from 'n3';
import { RunState, type RunEvent } from '@relais/contracts';
import { type ProcessBatchResult } from '@relais/domains/scrutart/contracts';
import { FlowRunRepository, type FlowRunEntity } from '@relais/persistence';
import { ScrutartImageRepository, ScrutartPostRepository } from '@relais/domains/scrutart/persistence';
import { WorkerScrutartModule } from '../../apps/worker-scrutart/src/worker-scrutart.module';
import { startWorker } from '../engine/engine-harness';
import { MINOR_ARTIST_QID, startScrutartFakes, type ScrutartFakes } from '../fakes';
import { callApi, startGateway, type RunningGateway } from '../gateway/gateway-harness';
import { LiveEventsClient } from '../gateway/live-events-client';
import { waitFor } from '../support/test-env';

const { namedNode } = DataFactory;
const RS = 'https://relais.invalid/scrutart#';
const WD = 'http://www.wikidata.org/entity/';
const UNKNOWN_QID = 'Q999999999';

describe('a Scrutart batch through the seed API, seen live by a socket.io client and in the state graph', () => {
  let fakes: ScrutartFakes;
  let gateway: RunningGateway;
  let worker: TestingModule;
  let client: LiveEventsClient;
  let batchId: string;
  let children: FlowRunEntity[];
  let qids: string[];

  beforeAll(async () => {
    fakes = await startScrutartFakes({ syntheticArtists: 2 });
    gateway = await startGateway({ env: fakes.env });
    // The real Scrutart worker on the gateway's database and Redis prefix.
    worker = await startWorker(gateway.config, WorkerScrutartModule);
    client = await LiveEventsClient.connect(gateway);

    qids = [...fakes.syntheticQids, MINOR_ARTIST_QID, UNKNOWN_QID];
    const launched = await callApi<{ success: boolean; flow_run_id: string }>(
      gateway,
      'POST',
      '/api/flows/process-batch',
      {
        body: { qids, batch_name: 'Événements', batch_size: 2, languages: ['fr', 'en'], auto_publish: 'publish' },
      },
    );
    expect(launched.status).toBe(200);
    batchId = launched.body.flow_run_id;
    await waitFor(() => client.namesOf(batchId).includes('flow_completed'), {
      timeoutMs: 150_000,
      message: `flow_completed of the batch ${batchId}`,
    });
    children = await gateway.moduleRef.get(FlowRunRepository).findChildren(batchId);
  }, 200_000);

  afterAll(async () => {
    client.close();
    await worker.close();
    await gateway.close();
    await gateway.cleanup();
    await fakes.stop();
  });

  it('relays flow_started and flow_completed for the batch parent', () => {
    const names = client.namesOf(batchId);
    expect(names).toContain('flow_started');
    expect(names.indexOf('flow_started')).toBeLessThan(names.indexOf('flow_completed'));
    const completed = client.eventsOf(batchId).find((event) => event.event === 'flow_completed') as RunEvent & {
      state: string;
    };
    expect(completed).toMatchObject({ flowName: 'scrutart.process-batch', state: RunState.COMPLETED });
  });

  it('relays flow_started then flow_completed for each child, and the failure of the unknown QID', async () => {
    expect(children).toHaveLength(qids.length);
    for (const child of children) {
      // The last events of a child may still be on their way when the parent's completion arrives.
      await waitFor(() => isEnd(client, child.id), { timeoutMs: 30_000, message: `the end of child ${child.id}` });
      const events = client.eventsOf(child.id);
      expect(events[0]).toMatchObject({ flowName: 'scrutart.process-artist', parentRunId: batchId });
      const names = events.map((event) => event.event);
      expect(names).toContain('flow_started');
      if (child.parameters.qid === UNKNOWN_QID) {
        expect(events).toContainEqual(expect.objectContaining({ event: 'flow_status_update', state: RunState.FAILED }));
      } else {
        expect(names.indexOf('flow_started')).toBeLessThan(names.indexOf('flow_completed'));
      }
    }
  });

  it('answers the batch in the seed status, history and active routes', async () => {
    const status = await callApi<{ state: string; name: string; duration: number }>(
      gateway,
      'GET',
      `/api/flows/${batchId}/status`,
    );
    expect(status.body).toMatchObject({ state: 'completed', name: 'Événements' });
    expect(status.body.duration).toBeGreaterThan(0);

    const history = await callApi<{ id: string; type: string; qids: string[]; result: ProcessBatchResult }[]>(
      gateway,
      'GET',
      '/api/flows/history',
    );
    const batch = history.body.find((item) => item.id === batchId);
    expect(batch).toMatchObject({ type: 'batch', qids, status: 'completed' });
    expect(batch?.result).toMatchObject({ total: qids.length, succeeded: qids.length - 1, failed: 1 });
    // The children are the batch's business: the seed's lists never showed them.
    const listed = history.body.map((item) => item.id);
    for (const child of children) expect(listed).not.toContain(child.id);
    const active = await callApi<unknown[]>(gateway, 'GET', '/api/flows/active');
    expect(active.body).toEqual([]);
    const apiStatus = await callApi<{ scrutart_workers: number }>(gateway, 'GET', '/api/status');
    expect(apiStatus.body.scrutart_workers).toBeGreaterThanOrEqual(1);
  });

  it('exports what the worker published in the state graph', async () => {
    const response = await callApi<string>(gateway, 'GET', '/api/scrutart/state.ttl');
    expect(response.status).toBe(200);
    const store = new Store(new Parser({ format: 'text/turtle' }).parse(response.body));
    const images = gateway.moduleRef.get(ScrutartImageRepository);
    const posts = gateway.moduleRef.get(ScrutartPostRepository);
    for (const qid of [...fakes.syntheticQids, MINOR_ARTIST_QID]) {
      const artist = namedNode(WD + qid);
      const [gallery] = store.getObjects(artist, namedNode(`${RS}gallery`), null);
      const galleryId = Number(store.getObjects(gallery, namedNode(`${RS}piwigoCategoryId`), null)[0].value);
      expect(fakes.piwigo!.categories.get(galleryId)?.name).toMatch(/^Galerie /);

      const exported = store
        .getObjects(artist, namedNode(`${RS}uploadedImage`), null)
        .map((image) => [
          store.getObjects(image, namedNode(`${RS}work`), null)[0].value,
          Number(store.getObjects(image, namedNode(`${RS}piwigoImageId`), null)[0].value),
        ])
        .sort();
      const recorded = (await images.findByArtist(qid))
        .map((image) => [WD + image.workQid, image.piwigoImageId])
        .sort();
      expect(recorded.length).toBeGreaterThan(0);
      expect(exported).toEqual(recorded);

      const exportedPosts = store
        .getObjects(artist, namedNode(`${RS}post`), null)
        .map((post) => [
          store.getObjects(post, namedNode('http://schema.org/inLanguage'), null)[0].value,
          Number(store.getObjects(post, namedNode(`${RS}wordpressId`), null)[0].value),
        ])
        .sort();
      const recordedPosts = (await posts.findByQid(qid)).map((post) => [post.lang, post.wordpressId]).sort();
      expect(exportedPosts).toEqual(recordedPosts);
      expect(exportedPosts.map(([language]) => language)).toEqual(['en', 'fr']);
    }
    expect(store.getObjects(namedNode(WD + UNKNOWN_QID), null, null)).toEqual([]);
  });
});

/** True once the run's events include how it ended. */
function isEnd(client: LiveEventsClient, runId: string): boolean {
  return client
    .eventsOf(runId)
    .some(
      (event) =>
        event.event === 'flow_completed' ||
        event.event === 'flow_cancelled' ||
        (event.event === 'flow_status_update' && [RunState.FAILED, RunState.CRASHED].includes(event.state)),
    );
}
