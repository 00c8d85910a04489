import type { LegacyRoute } from '@relais/domain-kit';

const SHORT = '/api/notifications';
const MOUNTED = '/api/ops/notifications';

/** The notification routes at the paths the API documents (`/api/notifications…`), rewritten to /api/ops. */
export const OPS_ROUTES: readonly LegacyRoute[] = [
  { method: 'GET', from: SHORT, to: MOUNTED },
  { method: 'POST', from: `${SHORT}/test`, to: `${MOUNTED}/test` },
  { method: 'GET', from: `${SHORT}/rules`, to: `${MOUNTED}/rules` },
  { method: 'POST', from: `${SHORT}/rules`, to: `${MOUNTED}/rules` },
  { method: 'PATCH', from: `${SHORT}/rules/:id`, to: `${MOUNTED}/rules/:id` },
  { method: 'DELETE', from: `${SHORT}/rules/:id`, to: `${MOUNTED}/rules/:id` },
];
