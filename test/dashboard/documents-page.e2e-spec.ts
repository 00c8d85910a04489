import type { TestingModule } from '@nestjs/testing';
import { RunState } from '@relais/contracts';
import { waitForApiRunState } from '../gateway/api-test-gateway';
import { createToken, startGateway, type RunningGateway } from '../gateway/gateway-harness';
import { startDocumentsWorker } from '../documents/documents-world';
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

/** A note on a topic nothing else in the index talks about. */
const NOTE = [
  '# Axolotl care',
  '',
  'The axolotl is a salamander that keeps its feathery gills all its life and lives in cool, still water.',
  'Keep the aquarium water between 14 and 18 degrees; above 24 degrees the axolotl stops eating and falls ill.',
].join('\n');

/**
 * The documents page in headless Chromium against the real gateway, a documents worker and a throw-away Chroma:
 * a file uploaded through the page is ingested by its run, then a question finds it among the cited sources.
 */
describe('dashboard: the documents page (headless Chromium, worker, real Chroma)', () => {
  let chroma: ChromaTestServer;
  let gateway: RunningGateway;
  let worker: TestingModule;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    ensureDashboardBuilt();
    chroma = await startChromaServer(await testTempDir('chroma-dashboard-'));
    gateway = await startGateway({ env: { CHROMA_URL: chroma.url } });
    worker = await startDocumentsWorker(gateway.config);
    browser = await launchChromium();
    page = await newDashboardPage(browser);
  }, 120_000);

  afterAll(async () => {
    await browser.close();
    await worker.close();
    await gateway.close();
    await gateway.cleanup();
    await chroma.process.stop();
  });

  it('uploads a note, follows its ingestion run, and finds it among the sources of an answer', async () => {
    const operator = await createToken(gateway, 'documents-operator', 'operator');
    await signInWithToken(page, gateway.url, operator.token);
    await page.getByRole('link', { name: 'Documents', exact: true }).click();

    await page.getByLabel('Files to upload').setInputFiles({
      name: 'axolotl-care.md',
      mimeType: 'text/markdown',
      buffer: Buffer.from(NOTE),
    });
    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    const runLink = page.getByTestId('upload-run');
    await runLink.waitFor();
    const runId = (await runLink.getAttribute('href'))!.split('/').pop()!;
    expect(await page.getByTestId('upload-outcomes').textContent()).toContain('inbox/axolotl-care.md');
    const run = await waitForApiRunState(gateway, runId, [RunState.COMPLETED, RunState.FAILED], 30_000);
    expect(run.state).toBe(RunState.COMPLETED);

    await page.reload();
    await page.getByTestId('manifest').getByText('inbox/axolotl-care.md').waitFor();
    await page.getByLabel('Question').fill('At what water temperature does the axolotl stop eating?');
    await page.getByRole('button', { name: 'Ask', exact: true }).click();
    await page.getByTestId('passage-source').first().waitFor();
    expect(await page.getByTestId('passage-source').allTextContents()).toContain('inbox/axolotl-care.md');
    await screenshot(page, 'documents');
  }, 60_000);
});
