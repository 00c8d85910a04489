import { createRootRoute, createRoute, createRouter, lazyRouteComponent } from '@tanstack/react-router';
import { Layout } from './layout';
import { StatusPage } from './pages/status-page';
import { routeChunks } from './route-chunks';

// The status page is in the first bundle; every other page, and the libraries only it uses (the table on the
// runs page, the form generator, the charts), is its own chunk. The page opened first has its chunk asked for by
// main.tsx as the app starts, alongside its API calls (first-requests.ts), not after the first render.
const RunsPage = lazyRouteComponent(routeChunks.runs, 'RunsPage');
const RunDetailPage = lazyRouteComponent(routeChunks.runDetail, 'RunDetailPage');
const FlowsPage = lazyRouteComponent(() => import('./pages/flows-page'), 'FlowsPage');
const DeploymentsPage = lazyRouteComponent(() => import('./pages/deployments-page'), 'DeploymentsPage');
const StatsPage = lazyRouteComponent(() => import('./pages/stats-page'), 'StatsPage');
const NotificationsPage = lazyRouteComponent(() => import('./pages/notifications-page'), 'NotificationsPage');
const ScrutartPage = lazyRouteComponent(() => import('./pages/scrutart-page'), 'ScrutartPage');
const DocumentsPage = lazyRouteComponent(() => import('./pages/documents-page'), 'DocumentsPage');
const DpgfPage = lazyRouteComponent(() => import('./pages/dpgf-page'), 'DpgfPage');
const DpgfBrowsePage = lazyRouteComponent(() => import('./pages/dpgf-browse-page'), 'DpgfBrowsePage');
const RagPage = lazyRouteComponent(() => import('./pages/rag-page'), 'RagPage');

/** Search parameters are kept as text: each page reads and checks its own (run-filters.ts for the runs). */
type TextSearch = Record<string, string | undefined>;

function textSearch(search: Record<string, unknown>): TextSearch {
  return Object.fromEntries(
    Object.entries(search).map(([key, value]) => [
      key,
      typeof value === 'string' ? value : value === undefined ? undefined : JSON.stringify(value),
    ]),
  );
}

const root = createRootRoute({ component: Layout });

const routes = [
  createRoute({ getParentRoute: () => root, path: '/', component: StatusPage }),
  createRoute({
    getParentRoute: () => root,
    path: '/flows',
    component: FlowsPage,
    validateSearch: (search): { flow?: string } => ({
      flow: typeof search.flow === 'string' ? search.flow : undefined,
    }),
  }),
  createRoute({ getParentRoute: () => root, path: '/runs', component: RunsPage, validateSearch: textSearch }),
  createRoute({ getParentRoute: () => root, path: '/runs/$runId', component: RunDetailPage }),
  createRoute({ getParentRoute: () => root, path: '/deployments', component: DeploymentsPage }),
  createRoute({ getParentRoute: () => root, path: '/stats', component: StatsPage }),
  createRoute({ getParentRoute: () => root, path: '/notifications', component: NotificationsPage }),
  createRoute({ getParentRoute: () => root, path: '/scrutart', component: ScrutartPage, validateSearch: textSearch }),
  createRoute({ getParentRoute: () => root, path: '/documents', component: DocumentsPage }),
  createRoute({ getParentRoute: () => root, path: '/dpgf', component: DpgfPage }),
  createRoute({
    getParentRoute: () => root,
    path: '/dpgf/browse',
    component: DpgfBrowsePage,
    validateSearch: textSearch,
  }),
  createRoute({ getParentRoute: () => root, path: '/rag', component: RagPage }),
];

export const router = createRouter({
  routeTree: root.addChildren(routes),
  defaultPreload: false,
  // Plain `?flow=x&state=FAILED` rather than JSON-encoded values: links stay readable and shareable.
  stringifySearch: (search) => {
    const parameters = new URLSearchParams();
    for (const [key, value] of Object.entries(search)) {
      if (value !== undefined && value !== null && value !== '') parameters.set(key, String(value));
    }
    const text = parameters.toString();
    return text === '' ? '' : `?${text}`;
  },
  parseSearch: (text) => Object.fromEntries(new URLSearchParams(text)),
});

declare module '@tanstack/react-router' {
  interface Register {
    router: typeof router;
  }
}
