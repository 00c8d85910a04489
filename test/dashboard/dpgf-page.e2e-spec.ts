import { rm } from 'node:fs/promises';
import type { TestingModule } from '@nestjs/testing';
import { RunState } from '@relais/contracts';
import { WorkerDpgfModule } from '../../apps/worker-dpgf/src/worker-dpgf.module';
import { startWorker } from '../engine/engine-harness';
import { waitForApiRunState } from '../gateway/api-test-gateway';
import { callApi, createToken, startGateway, type RunningGateway } from '../gateway/gateway-harness';
import { writeFixtureTree } from '../dpgf/fixtures/price-schedule-fixtures';
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

/**
 * The DPGF page in headless Chromium against the real gateway and a DPGF worker on a folder of spreadsheets: an
 * import started from the page runs to its end, and the page shows what each file became and which one failed.
 */
describe('dashboard: the DPGF page (headless Chromium, DPGF worker on a folder)', () => {
  let root: string;
  let gateway: RunningGateway;
  let worker: TestingModule;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    ensureDashboardBuilt();
    root = await testTempDir('dpgf-dashboard-');
    await writeFixtureTree(root);
    gateway = await startGateway({ env: { DPGF_FOLDER_ROOTS: root } });
    worker = await startWorker(gateway.config, WorkerDpgfModule);
    browser = await launchChromium();
    page = await newDashboardPage(browser);
  }, 120_000);

  afterAll(async () => {
    await browser.close();
    await worker.close();
    await gateway.close();
    await gateway.cleanup();
    await rm(root, { recursive: true, force: true });
  });

  it('starts a folder import, then names what each file became and why the corrupt one was not imported', async () => {
    const operator = await createToken(gateway, 'dpgf-operator', 'operator');
    await signInWithToken(page, gateway.url, operator.token);
    await page.getByRole('link', { name: 'DPGF', exact: true }).click();
    await page.getByText('No import has run yet.').waitFor();

    // A folder import without its folder is refused at the field, before any request.
    await page.getByLabel('One folder').check();
    await page.getByRole('button', { name: 'Start import' }).click();
    await page.getByRole('alert').getByText('root_folder').waitFor();

    await page.getByLabel('Folder to scan').fill(root);
    await page.getByRole('button', { name: 'Start import' }).click();
    await page.getByTestId('dpgf-runs').locator('tbody tr').first().waitFor();
    const runs = await callApi<{ items: { id: string }[] }>(gateway, 'GET', '/api/runs?flow=dpgf.workflow');
    const run = await waitForApiRunState(gateway, runs.body.items[0].id, [RunState.COMPLETED, RunState.FAILED], 60_000);
    expect(run.state).toBe(RunState.COMPLETED);

    // The live events refresh the page: the figures, the files and the failure appear without a reload.
    await page.getByTestId('dpgf-files-imported').getByText('3').waitFor();
    expect(await page.getByTestId('dpgf-run-errors').textContent()).toContain('DPGF lot 9 corrompu.xlsx');
    await page.getByTestId('dpgf-imports').waitFor();
    const became = await page.getByTestId('dpgf-became').allTextContents();
    expect(became.join('\n')).toContain('Habitat Sud · Résidence Les Pins');
    expect(became).toHaveLength(3);
    expect(await page.getByTestId('dpgf-import-failures').textContent()).toContain('DPGF lot 9 corrompu.xlsx');
    await screenshot(page, 'dpgf');
  }, 120_000);

  it('refuses a bad page size on the imports routes with a 400 naming the field', async () => {
    for (const route of ['/api/dpgf/imports?limit=0', '/api/dpgf/import-failures?limit=201']) {
      const response = await callApi<{ fields: Record<string, string[]> }>(gateway, 'GET', route);
      expect(response.status).toBe(400);
      expect(Object.keys(response.body.fields)).toEqual(['limit']);
    }
  });
});
