import { Test, type TestingModule } from '@nestjs/testing';
import { RELAIS_CONFIG } from '@relais/config';
import { RunState } from '@relais/contracts';
import { RunLauncher } from '@relais/engine';
import { FlowRunRepository } from '@relais/persistence';
import { WorkerRagModule } from '../../apps/worker-rag/src/worker-rag.module';
import { waitForRunState } from '../engine/engine-harness';
import { PythonDocsFake } from '../fakes/python-docs.fake';
import { createToken, startGateway, type RunningGateway } from '../gateway/gateway-harness';
import { testLogger } from '../support/capturing-test.logger';
import { startChromaServer, type ChromaTestServer } from '../support/chroma-test-server';
import { testTempDir } from '../support/test-env';
import {
  ensureDashboardBuilt,
  launchChromium,
  newDashboardPage,
  screenshot,
  signInWithToken,
  type Browser,
  type Page,
} from './dashboard-browser';

const PAGES = ['tutorial/inputoutput.html', 'tutorial/errors.html', 'howto/sorting.html'];

/**
 * The RAG page in headless Chromium against the real gateway and RAG worker over python3-doc on loopback and a
 * throw-away Chroma: the pages a run indexed are listed, and a question finds its page among the passages.
 */
describe('dashboard: the RAG page (headless Chromium, RAG worker, real Chroma)', () => {
  const site = new PythonDocsFake();
  let chroma: ChromaTestServer;
  let gateway: RunningGateway;
  let worker: TestingModule;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    ensureDashboardBuilt();
    await site.start();
    chroma = await startChromaServer(await testTempDir('chroma-rag-dashboard-'));
    gateway = await startGateway({
      env: { CHROMA_URL: chroma.url, RAG_BASE_URL: site.docsUrl, RAG_PAGES: PAGES.join(','), RAG_DELAY_MS: '0' },
    });
    worker = await Test.createTestingModule({ imports: [WorkerRagModule] })
      .setLogger(testLogger)
      .overrideProvider(RELAIS_CONFIG)
      .useValue(gateway.config)
      .compile();
    await worker.init();
    browser = await launchChromium();
    page = await newDashboardPage(browser);
  }, 120_000);

  afterAll(async () => {
    await browser.close();
    await worker.close();
    await gateway.close();
    await gateway.cleanup();
    await chroma.process.stop();
    await site.stop();
  });

  it('lists the indexed pages and answers a question with the page that holds it', async () => {
    const { run } = await worker.get(RunLauncher).launch('rag.update-knowledge-base', {});
    const ended = await waitForRunState(worker.get(FlowRunRepository), run.id, ['COMPLETED', 'FAILED'], 90_000);
    expect([ended.state, ended.error]).toEqual([RunState.COMPLETED, null]);

    const operator = await createToken(gateway, 'rag-operator', 'operator');
    await signInWithToken(page, gateway.url, operator.token);
    await page.getByRole('link', { name: 'RAG', exact: true }).click();
    const listed = page.getByTestId('rag-pages');
    await listed.getByText('7. Input and Output').waitFor();
    expect(await listed.locator('tbody tr').count()).toBe(PAGES.length);

    await page.getByLabel('Question').fill('how do I open a file for reading and writing');
    await page.getByRole('button', { name: 'Ask', exact: true }).click();
    await page.getByTestId('passage-page').first().waitFor();
    expect(await page.getByTestId('passage-page').first().getAttribute('href')).toBe(
      `${site.docsUrl}tutorial/inputoutput.html`,
    );
    await screenshot(page, 'rag');
  }, 120_000);
});
