import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from '../../apps/dashboard/node_modules/playwright-core';

const ROOT = join(__dirname, '..', '..');
const DASHBOARD = join(ROOT, 'apps', 'dashboard');
const BUILT_INDEX = join(ROOT, 'dist', 'dashboard', 'index.html');
/** Screenshots of each page, kept by CI as artifacts (git-ignored). */
export const ARTIFACTS = join(ROOT, 'test-artifacts', 'dashboard');

/**
 * Debian's Chromium (`apt-get install chromium`, scripts/lib/setup.sh): Playwright's own browser download is not
 * reachable from CI. CHROMIUM_PATH overrides it.
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-dev-shm-usage',
];

// playwright-core is the dashboard package's dev dependency (apps/dashboard/package.json), not the root's.
const dashboardRequire = createRequire(join(DASHBOARD, 'package.json'));

export async function launchChromium(): Promise<Browser> {
  const { chromium } = dashboardRequire(
    'playwright-core',
  ) as typeof import('../../apps/dashboard/node_modules/playwright-core');
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS, headless: true });
}

function newestSource(directory: string): number {
  let newest = 0;
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * Builds the dashboard (Vite only: `npm run build` also type-checks it) unless dist/dashboard is newer than its
 * sources (or `force`), so the browser tests run against what `npm run build` would ship even when run on their
 * own. NODE_ENV is set to production: under Jest it is `test`, and Vite then bundled React's development build
 * (748 KB instead of 489 KB, with its dev-only checks), which the benchmark went on to measure.
 */
export function ensureDashboardBuilt(options: { force?: boolean } = {}): void {
  const sources = Math.max(newestSource(join(DASHBOARD, 'src')), statSync(join(DASHBOARD, 'index.html')).mtimeMs);
  if (!options.force && existsSync(BUILT_INDEX) && statSync(BUILT_INDEX).mtimeMs >= sources) return;
  execFileSync(join(DASHBOARD, 'node_modules', '.bin', 'vite'), ['build', '--logLevel', 'warn'], {
    cwd: DASHBOARD,
    stdio: 'pipe',
    env: { ...process.env, NODE_ENV: 'production' },
  });
}

/** A page in a fresh context (no cookies) at the size the screenshots are taken, waiting 15 s at most per step. */
export async function newDashboardPage(browser: Browser): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
  page.setDefaultTimeout(15_000);
  return page;
}

/** Signs in on the dashboard at `baseUrl` with an API token, as a person does, and waits for the signed-in frame. */
export async function signInWithToken(page: Page, baseUrl: string, token: string): Promise<void> {
  await page.goto(`${baseUrl}/`);
  await page.getByLabel('API token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('who').waitFor();
}

/** Saves a full-page screenshot of the page as it is, named after the page. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/**
 * Waits until exactly `count` elements match: the count-th is there and the next one is gone (no waitForFunction:
 * it evaluates its text with eval, which the dashboard's CSP forbids).
 */
export async function waitForCount(locator: Locator, count: number): Promise<void> {
  if (count > 0) await locator.nth(count - 1).waitFor({ state: 'attached' });
  await locator.nth(count).waitFor({ state: 'detached' });
}

/** Every request a page makes, by URL path, to count requests per page load. */
export function countRequests(context: BrowserContext): { paths: string[]; reset: () => void } {
  const paths: string[] = [];
  context.on('request', (request) => {
    paths.push(new URL(request.url()).pathname);
  });
  return {
    paths,
    reset: () => {
      paths.length = 0;
    },
  };
}

export type { Browser, BrowserContext, Page };
