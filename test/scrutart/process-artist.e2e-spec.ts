import { MONET_QID, MONET_WORK_COUNT } from '../fakes';
import { startScrutartWorld, type ScrutartWorld } from './scrutart-worker-harness';

describe('scrutart.process-artist against the fakes (WordPress and Piwigo configured)', () => {
  let world: ScrutartWorld;

  beforeAll(async () => {
    world = await startScrutartWorld();
  });

  afterAll(async () => {
    await world.stop();
  });

  it('processes Monet end to end: pages per language, the gallery, the uploaded images, the state', async () => {
    const run = await world.runToEnd('scrutart.process-artist', {
      qid: MONET_QID,
      languages: ['fr', 'en', 'es'],
      auto_publish: 'publish',
    });

    expect(run.error).toBeNull();
    expect(run.state).toBe('COMPLETED');
    expect(run.result).toMatchObject({ qid: MONET_QID, artist_name: 'Claude Monet', success: true, works_count: MONET_WORK_COUNT });
  });
});
