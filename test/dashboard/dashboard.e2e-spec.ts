import type { TestingModule } from '@nestjs/testing';
import { RunState, type DeploymentDefinition, type RunSummary } from '@relais/contracts';
import {
  ScrutartArtistRepository,
  ScrutartImageRepository,
  ScrutartPostRepository,
} from '@relais/domains/scrutart/persistence';
import { SLEEP_FLOW, STEPS_FLOW, TEST_CONTRACTS } from '../engine/test-flows';
import { useApiGateway, waitForApiRunState } from '../gateway/api-test-gateway';
import { callApi, createToken } from '../gateway/gateway-harness';
import { startScheduler } from '../scheduler/scheduler-harness';
import { aFlowRun } from '../support/flow-run.fixture';
import {
  countRequests,
  ensureDashboardBuilt,
  launchChromium,
  screenshot,
  type Browser,
  type BrowserContext,
  type Page,
} from './dashboard-browser';

const NIGHTLY = 'dashboard-nightly-steps';

const DEFINITIONS: DeploymentDefinition[] = [
  {
    name: NIGHTLY,
    flow: STEPS_FLOW.name,
    description: 'Nightly steps',
    parameters: { steps: 2 },
    schedule: { cron: '17 3 * * *', timezone: 'Europe/Paris' },
    tags: ['test'],
  },
];

/**
 * The dashboard in headless Chromium against the real gateway (its built files, REST API and socket.io), with a
 * worker for the engine's test flows and a scheduler for a deployment. The tests run in order on one browser and
 * share the signed-in session, as a person would.
 */
describe('dashboard (headless Chromium)', () => {
  const api = useApiGateway({ worker: true });
  let scheduler: TestingModule | undefined;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let url: (path: string) => string;

  beforeAll(async () => {
    ensureDashboardBuilt();
    scheduler = await startScheduler(api.gateway.config, DEFINITIONS, TEST_CONTRACTS);
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
    url = (path) => api.gateway.url + path;
  }, 120_000);

  afterAll(async () => {
    await browser.close();
    await scheduler?.close();
  });

  async function signIn(token: string): Promise<void> {
    await page.goto(url('/'));
    await page.getByLabel('API token').fill(token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('who').waitFor();
  }

  async function signOut(): Promise<void> {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('API token').waitFor();
  }

  /** Monet's pages and gallery, written through the Scrutart repositories as a process-artist run writes them. */
  async function publishMonet(): Promise<void> {
    const at = Date.UTC(2024, 7, 30, 12, 0, 0);
    const gallery = { piwigoGalleryId: 12, piwigoGalleryUrl: 'https://piwigo.test/index.php?/category/12' };
    await api.gateway.moduleRef
      .get(ScrutartArtistRepository)
      .save({ qid: 'Q296', name: 'Claude Monet', worksCount: 2012, lastProcessedAt: at, ...gallery }, at);
    await api.gateway.moduleRef.get(ScrutartImageRepository).record({
      artistQid: 'Q296',
      workQid: 'Q1',
      commonsFile: 'Impression,_soleil_levant.jpg',
      title: 'Impression, soleil levant',
      piwigoImageId: 101,
      piwigoGalleryId: 12,
      uploadedAt: at,
    });
    await api.gateway.moduleRef.get(ScrutartPostRepository).save(
      {
        qid: 'Q296',
        lang: 'fr',
        slug: 'q296-fr',
        title: 'Où trouver Claude Monet dans Wikidata',
        status: 'publish',
        wordpressId: 77,
        link: 'https://wp.test/q296-fr/',
        content: null,
        runId: null,
      },
      at,
    );
  }

  it('refuses a wrong token with what to do, and keeps the token out of the URL and out of scripts', async () => {
    await page.goto(url('/'));
    await page.getByLabel('API token').fill('relais_not_a_token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expectText(page.getByRole('alert'), /refused/);
    await screenshot(page, 'sign-in');

    await signIn(api.gateway.adminToken);
    expect(page.url()).not.toContain(api.gateway.adminToken);
    const cookies = await context.cookies();
    const session = cookies.find((cookie) => cookie.name === 'relais_session');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(await page.evaluate<string>('document.cookie')).not.toContain('relais_session');
  });

  it('refuses a cookie-only API call without the dashboard header (CSRF)', async () => {
    const cookie = (await context.cookies()).find((candidate) => candidate.name === 'relais_session')!;
    const headers = { cookie: `relais_session=${cookie.value}` };
    const forged = await callApi(api.gateway, 'POST', '/api/deployments/pause-all', { token: null, headers });
    expect(forged.status).toBe(401);
    const allowed = await callApi(api.gateway, 'GET', '/api/flows', {
      token: null,
      headers: { ...headers, 'x-relais-session': '1' },
    });
    expect(allowed.status).toBe(200);
    // A bearer token wins over the cookie: a script's own token is never replaced by a browser session.
    const both = await callApi(api.gateway, 'POST', '/api/deployments/pause-all', {
      token: 'relais_unknown_token_000000000000000000000000',
      headers: { ...headers, 'x-relais-session': '1' },
    });
    expect(both.status).toBe(401);
    // The dashboard's links to Bull Board and the API docs open with the session (page views, SameSite=Strict).
    expect((await callApi(api.gateway, 'GET', '/admin/queues', { token: null, headers })).status).toBe(200);
    expect((await callApi(api.gateway, 'GET', '/api/docs-json', { token: null, headers })).status).toBe(200);
  });

  it('shows the status: services, queues with their workers, links', async () => {
    await page.goto(url('/'));
    await expectText(page.locator('.card', { hasText: 'Services' }), /Redis up/);
    await page.getByTestId('queue-test-engine').waitFor();
    await expectText(page.getByTestId('queue-test-engine'), /test\.run-steps/);
    expect(await page.getByRole('link', { name: 'Bull Board' }).count()).toBe(1);
    await expectText(page.getByTestId('live-status'), /live/);
    await screenshot(page, 'status');
  });

  it('starts a run from the generated form, shows a refused field at the field, and watches the run complete live', async () => {
    await page.goto(url(`/flows?flow=${STEPS_FLOW.name}`));
    const steps = page.locator('#root_steps');
    expect(await steps.inputValue()).toBe('3');
    await steps.fill('25');
    await page.getByRole('button', { name: 'Start run' }).click();
    await expectText(page.locator('.flow-form'), /steps must not be greater than 20/);
    await screenshot(page, 'flows');

    await steps.fill('4');
    await page.locator('#root_step_ms').fill('400');
    await page.getByRole('button', { name: 'Start run' }).click();
    await page.waitForURL(/\/runs\/[0-9a-f-]{36}$/);
    await expectText(page.locator('h1'), /RUNNING|PENDING/);
    await expectText(page.locator('h1'), /COMPLETED/, 20_000);
    await expectText(page.getByTestId('log-lines'), /step 4 done/);
    await page.getByLabel('Search the log').fill('step 3');
    await expectText(page.getByTestId('log-lines'), /step 3 done/);
    await expectText(page.getByTestId('log-count'), /^1 of \d+ line/);
    await expectText(page.getByTestId('steps'), /step-4/);
    // The flow's Markdown report, rendered as HTML.
    await page.getByTestId('report').locator('h1', { hasText: 'Steps' }).waitFor();
    await screenshot(page, 'run-detail');
  });

  it('cancels a running run from its page', async () => {
    const started = await callApi<RunSummary>(api.gateway, 'POST', `/api/flows/${SLEEP_FLOW.name}/runs`, {
      body: { parameters: { ms: 60_000 } },
    });
    await waitForApiRunState(api.gateway, started.body.id, [RunState.RUNNING]);
    await page.goto(url(`/runs/${started.body.id}`));
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expectText(page.locator('h1'), /CANCELLED/, 20_000);
  });

  it('filters the runs on the server and patches a row in place when its run changes', async () => {
    await page.goto(url('/runs'));
    await page.locator('[role=row][data-run-id]').first().waitFor();
    // The select reads the flows when first used.
    await page.getByLabel('Flow').focus();
    await page.getByLabel('Flow').selectOption(SLEEP_FLOW.name);
    await page.waitForURL(/flow=test\.sleep-awhile/);
    await expectText(page.getByTestId('runs-count'), /^1 run/);
    const text = page.getByLabel('Parameters contain');
    await text.fill('60000');
    await text.press('Enter');
    await page.waitForURL(/q=60000/);
    await expectText(page.getByTestId('runs-count'), /^1 run/);
    await text.fill('59999');
    await text.press('Enter');
    await expectText(page.getByTestId('runs-count'), /^0 run/);
    await text.fill('');
    await text.press('Enter');
    await page.waitForURL((address) => !address.search.includes('q='));
    await page.locator('label.chip', { hasText: 'completed' }).click();
    await page.waitForURL(/state=COMPLETED/);
    await expectText(page.getByTestId('runs-count'), /^0 run/);
    await page.locator('label.chip', { hasText: 'completed' }).click();

    // A run started elsewhere appears as "new", then its row follows its state live.
    const started = await callApi<RunSummary>(api.gateway, 'POST', `/api/flows/${SLEEP_FLOW.name}/runs`, {
      body: { parameters: { ms: 1500 } },
    });
    await page.getByRole('button', { name: /new run/ }).click();
    const row = page.locator(`[data-run-id="${started.body.id}"]`);
    await row.waitFor();
    // Polled from here: waitForFunction evaluates its text with eval, which the dashboard's CSP forbids.
    await waitUntil(async () => (await row.getAttribute('data-state')) === 'COMPLETED', 20_000);
    await screenshot(page, 'runs');
  });

  it('cancels every run the filters match, beyond the loaded rows, after confirming how many', async () => {
    // 120 queued runs of one deployment: more than the page of 100 the list loads first.
    const queued = Array.from({ length: 120 }, () =>
      aFlowRun({ flowName: SLEEP_FLOW.name, queue: SLEEP_FLOW.queue, deploymentName: 'bulk-by-filter' }),
    );
    await api.runs.insertMany(queued);
    await page.goto(url('/runs?deployment=bulk-by-filter&state=PENDING'));
    await expectText(page.getByTestId('runs-count'), /^100 run\(s\) loaded, more below/);
    await page.getByRole('button', { name: 'Cancel all matching…' }).click();
    await expectText(page.getByTestId('bulk-count'), /Cancel 120 active run/);
    await page.getByRole('button', { name: 'Cancel 120 run(s)' }).click();
    await expectText(page.getByTestId('bulk-note'), /^120 run\(s\) cancelled/, 20_000);
    const states = new Set((await api.runs.findByIds(queued.map((run) => run.id))).map((run) => run.state));
    expect(states).toEqual(new Set([RunState.CANCELLED]));
    await expectText(page.getByTestId('runs-count'), /^0 run/);
  });

  it('asks for the session and the first page of runs once: the page’s first module started them, the app took them', async () => {
    const requests = countRequests(context);
    await page.goto(url('/runs?state=CANCELLED'));
    await page.locator('[role=row][data-run-id]').first().waitFor();
    const api = requests.paths.filter((path) => path.startsWith('/api/'));
    expect(api.filter((path) => path === '/api/session')).toHaveLength(1);
    expect(api.filter((path) => path === '/api/runs')).toHaveLength(1);
  });

  it('cancels the selected runs in one request', async () => {
    const queued = Array.from({ length: 3 }, () =>
      aFlowRun({ flowName: SLEEP_FLOW.name, queue: SLEEP_FLOW.queue, deploymentName: 'bulk-selected' }),
    );
    await api.runs.insertMany(queued);
    await page.goto(url('/runs?deployment=bulk-selected'));
    await expectText(page.getByTestId('runs-count'), /^3 run/);
    const requests = countRequests(context);
    for (const box of await page.getByLabel('Select run', { exact: true }).all()) await box.check();
    await page.getByRole('button', { name: 'Cancel selected' }).click();
    await expectText(page.getByTestId('runs-bulk-note'), /^3 run\(s\) cancelled/, 20_000);
    expect(requests.paths.filter((path) => path.startsWith('/api/runs/') && path !== '/api/runs/')).toEqual([
      '/api/runs/bulk-actions',
    ]);
    const states = new Set((await api.runs.findByIds(queued.map((run) => run.id))).map((run) => run.state));
    expect(states).toEqual(new Set([RunState.CANCELLED]));
  });

  it('pauses and resumes a deployment, with its schedule in words', async () => {
    await page.goto(url('/deployments'));
    const row = page.getByTestId(`deployment-${NIGHTLY}`);
    await expectText(row, /every day at 03:17 \(Europe\/Paris\)/);
    await row.getByRole('button', { name: 'Pause' }).click();
    await expectText(row, /paused/);
    expect((await callApi<{ paused: boolean }>(api.gateway, 'GET', `/api/deployments/${NIGHTLY}`)).body.paused).toBe(
      true,
    );
    await row.getByRole('button', { name: 'Resume' }).click();
    await expectText(row, /active/);
    await screenshot(page, 'deployments');
  });

  it('shows statistics, notifications and the Scrutart page', async () => {
    await page.goto(url('/stats'));
    await expectText(page.locator('.card', { hasText: 'Last 24 hours' }), /runs/);
    await page.locator('.recharts-surface').first().waitFor();
    await screenshot(page, 'statistics');

    // The ops domain serves /api/notifications now: the page shows the log and rules, not the "unavailable" note.
    await page.goto(url('/notifications'));
    await page.getByRole('heading', { name: 'Notifications' }).first().waitFor();
    await page.waitForLoadState('networkidle');
    expect(await page.getByTestId('notifications-unavailable').count()).toBe(0);
    await screenshot(page, 'notifications');

    await publishMonet();
    await page.goto(url('/scrutart'));
    await page.getByRole('button', { name: 'Impressionnistes', exact: true }).click();
    await expectText(page.getByRole('button', { name: /Process 4 painters/ }), /4/);
    // Published: the artist list, then its pages and gallery once chosen, kept in the URL for a reload.
    await page.getByTestId('published-artists').getByRole('button', { name: 'Claude Monet' }).click();
    await expectText(page.getByTestId('published-pages'), /Où trouver Claude Monet/);
    expect(await page.getByTestId('published-pages').getByRole('link').getAttribute('href')).toBe(
      'https://wp.test/q296-fr/',
    );
    await expectText(page.getByTestId('published-gallery'), /Impression, soleil levant/);
    expect(new URL(page.url()).searchParams.get('artist')).toBe('Q296');
    await page.reload();
    await expectText(page.getByTestId('published-artist'), /Claude Monet/);
    await screenshot(page, 'scrutart');
  });

  it('shows a viewer no button it cannot use', async () => {
    const viewer = await createToken(api.gateway, 'dashboard-viewer', 'viewer');
    await signOut();
    await signIn(viewer.token);
    await expectText(page.getByTestId('who'), /viewer/);
    expect(await page.getByRole('link', { name: 'Bull Board' }).count()).toBe(0);
    await page.goto(url(`/flows?flow=${STEPS_FLOW.name}`));
    await page.locator('#root_steps').waitFor();
    expect(await page.getByRole('button', { name: 'Start run' }).count()).toBe(0);
    await page.goto(url('/deployments'));
    await page.getByTestId(`deployment-${NIGHTLY}`).waitFor();
    expect(await page.getByRole('button', { name: /Pause|Resume|Run now/ }).count()).toBe(0);
    await page.goto(url('/runs'));
    await page.locator('[role=row][data-run-id]').first().waitFor();
    expect(await page.getByRole('checkbox', { name: 'Select run' }).count()).toBe(0);
  });
});

/** Waits until the locator's text matches (Playwright's own expect is not available under Jest). */
async function expectText(locator: ReturnType<Page['locator']>, pattern: RegExp, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    last =
      (await locator
        .first()
        .textContent({ timeout: timeoutMs })
        .catch(() => null)) ?? '';
    if (pattern.test(last)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Expected text matching ${pattern}, last seen: "${last.slice(0, 300)}"`);
}

async function waitUntil(condition: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
