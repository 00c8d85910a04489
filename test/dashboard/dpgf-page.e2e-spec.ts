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
  waitForCount,
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

  it('browses what was imported: clients → schedule → lots → section tree with its elements, filtered, paged, linkable', async () => {
    // From what the file became (imported by the test above) to its schedule's lots.
    await page.getByTestId('dpgf-became').getByRole('link', { name: 'Habitat Sud · Résidence Les Pins' }).click();
    await page.getByTestId('dpgf-lots').waitFor();
    expect(await page.getByTestId('dpgf-client').allTextContents()).toEqual([
      'Every client',
      'Habitat Sud',
      'Ville de Lyon',
    ]);
    expect(await page.getByTestId('dpgf-lot').allTextContents()).toEqual([
      expect.stringContaining('Lot 2'),
      expect.stringContaining('Lot 3'),
    ]);
    await page.getByTestId('dpgf-lot').first().click();
    await page.getByTestId('dpgf-tree').waitFor();
    const outline = await page.locator('[data-testid="dpgf-section"] > summary').allTextContents();
    expect(outline.map((line) => line.split(' ·')[0])).toEqual([
      '1 TERRASSEMENTS',
      '1.1 Fouilles',
      '1.2 Remblais',
      '2 BÉTON ARMÉ',
    ]);
    expect(await page.getByTestId('dpgf-element').count()).toBe(7);

    // Filters are done by the server and kept in the URL: a reload (or a shared link) shows the same lines.
    await page.getByLabel('Search elements').fill('fouilles');
    await waitForCount(page.getByTestId('dpgf-element'), 2);
    await page.getByLabel('Search elements').fill('');
    await page.getByLabel('Only totals that do not add up').check();
    await waitForCount(page.getByTestId('dpgf-element'), 1);
    expect(page.url()).toContain('mismatch=true');
    await page.reload();
    await page.getByTestId('dpgf-tree').waitFor();
    expect(await page.getByTestId('dpgf-element').count()).toBe(1);
    expect(await page.getByTestId('dpgf-element').textContent()).toContain('Béton de propreté');

    // A deep link to the second page of the lot's elements, and to a client's schedules filtered by type.
    const lotUrl = new URL(page.url());
    lotUrl.searchParams.delete('mismatch');
    lotUrl.searchParams.set('offset', '5');
    await page.goto(lotUrl.toString());
    await page.getByText('6–7 of 7').waitFor();
    expect(await page.getByTestId('dpgf-element').count()).toBe(2);
    await screenshot(page, 'dpgf-browse');
    await page.getByRole('link', { name: '← Previous' }).click();
    await page.getByText('7 in all').waitFor();
    expect(await page.getByTestId('dpgf-element').count()).toBe(7);

    await page.goto(`${gateway.url}/dpgf/browse?type=BPU`);
    await page.getByTestId('dpgf-schedule').first().waitFor();
    expect(await page.getByTestId('dpgf-schedule').allTextContents()).toEqual([
      expect.stringContaining('Ecole Jaurès'),
    ]);
    await page.getByLabel('Search clients').fill('habitat');
    await waitForCount(page.getByTestId('dpgf-client'), 2);
  }, 60_000);

  it('describes the browse routes in snake_case and refuses a lot that does not exist with a 404', async () => {
    const lots = await callApi<{ id: number; dpgf_id: number; sheet: string }[]>(
      gateway,
      'GET',
      '/api/dpgf/dpgf/1/lots',
    );
    expect(lots.body[0].dpgf_id).toBe(1);
    expect(typeof lots.body[0].sheet).toBe('string');
    const missing = await callApi<{ message: string }>(gateway, 'GET', '/api/dpgf/lots/999999/sections');
    expect(missing.status).toBe(404);
  });

  it('refuses a bad page size or filter on the imports routes with a 400 naming the field', async () => {
    for (const [route, field] of [
      ['/api/dpgf/imports?limit=0', 'limit'],
      ['/api/dpgf/import-failures?limit=201', 'limit'],
      ['/api/dpgf/imports?source_deleted=maybe', 'source_deleted'],
    ]) {
      const response = await callApi<{ fields: Record<string, string[]> }>(gateway, 'GET', route);
      expect(response.status).toBe(400);
      expect(Object.keys(response.body.fields)).toEqual([field]);
    }
    const flagged = await callApi<{ total: number }>(gateway, 'GET', '/api/dpgf/imports?source_deleted=true');
    expect(flagged.status).toBe(200);
    expect(flagged.body.total).toBe(0);
  });
});
