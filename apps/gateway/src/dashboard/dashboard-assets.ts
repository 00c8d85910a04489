import type { NestExpressApplication } from '@nestjs/platform-express';
import { existsSync, readFileSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { dirname, join } from 'node:path';

/** Paths the dashboard never answers: the API, Bull Board, socket.io and Prometheus keep their own 404s. */
const SERVER_PATHS = /^\/(api|admin|socket\.io|metrics)(\/|$)/;

/**
 * Where `npm run build` puts the dashboard (apps/dashboard, Vite): `dist/dashboard` at the repository root, found
 * from this file both when it runs compiled (dist/apps/gateway/src/dashboard) and from source (tests, ts-node).
 */
export function dashboardDirectory(from: string = __dirname): string {
  let directory = from;
  // nest-cli.json marks the root in a checkout and in the Docker image alike.
  while (!existsSync(join(directory, 'nest-cli.json'))) {
    const parent = dirname(directory);
    if (parent === directory) return join(from, 'dashboard-not-found');
    directory = parent;
  }
  return join(directory, 'dist', 'dashboard');
}

/** The built index.html, re-read when a rebuild changed it; null while the dashboard is not built. */
export class DashboardIndex {
  private cached: { mtimeMs: number; html: string } | null = null;

  constructor(private readonly file: string) {}

  html(): string | null {
    let mtimeMs: number;
    try {
      mtimeMs = statSync(this.file).mtimeMs;
    } catch (_notBuilt) {
      return null;
    }
    if (this.cached?.mtimeMs !== mtimeMs) this.cached = { mtimeMs, html: readFileSync(this.file, 'utf8') };
    return this.cached.html;
  }
}

/** The shipped dashboard's index.html (HomeController answers it at `/`, the fallback below at deep links). */
export const DASHBOARD_INDEX = new DashboardIndex(join(dashboardDirectory(), 'index.html'));

type Next = (error?: unknown) => void;

/**
 * Serves the dashboard: its hashed assets under `/assets/` (cached for a year, they never change under one
 * name) and, for any other GET of a page path (`/runs/…`: a deep link), index.html, so the client-side router
 * takes over. `/` itself is HomeController's (a documented route, whose query the guards check like any other),
 * which answers the same page, or the gateway's page of links until the dashboard is built. Paths with a file
 * extension that is not an asset are left to the gateway (404). Registered after the security headers (helmet:
 * the page runs under its strict CSP, no inline script) and the rate limit.
 */
export function configureDashboard(app: NestExpressApplication, directory: string = dashboardDirectory()): void {
  app.useStaticAssets(join(directory, 'assets'), {
    prefix: '/assets/',
    index: false,
    fallthrough: true,
    immutable: true,
    maxAge: '365d',
  });
  const index =
    directory === dashboardDirectory() ? DASHBOARD_INDEX : new DashboardIndex(join(directory, 'index.html'));
  app.use((request: IncomingMessage & { path?: string }, response: ServerResponse, next: Next) => {
    const path = request.path ?? new URL(request.url ?? '/', 'http://relais.invalid').pathname;
    const page = path !== '/' && !SERVER_PATHS.test(path) && !/\.[^/]*$/.test(path);
    if ((request.method !== 'GET' && request.method !== 'HEAD') || !page) {
      next();
      return;
    }
    const html = index.html();
    if (html === null) {
      next();
      return;
    }
    response.statusCode = 200;
    response.setHeader('Content-Type', 'text/html; charset=utf-8');
    // The page is tiny and names its hashed assets: always revalidate it, so a deploy shows at once.
    response.setHeader('Cache-Control', 'no-cache');
    response.end(request.method === 'HEAD' ? undefined : html);
  });
}
