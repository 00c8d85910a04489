import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiRequestError } from './api/client';
import { loadChunkEarly } from './route-chunks';
import { router } from './router';
import './styles.css';

// When the app's script has been fetched, parsed and its imports run: bench:dashboard puts it beside the moment the
// page's first API answers were in, to tell which of the two the first paint waits for.
performance.mark('relais:app-start');

const client = new QueryClient({
  defaultOptions: {
    queries: {
      // Live events keep lists current: no refetch on every focus or remount (Prefect #21084's 72 requests).
      refetchOnWindowFocus: false,
      staleTime: 15_000,
      retry: (failures, error) =>
        !(error instanceof ApiRequestError && error.status >= 400 && error.status < 500) && failures < 2,
    },
  },
});

loadChunkEarly(location.pathname);

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root');
createRoot(container).render(
  <StrictMode>
    <QueryClientProvider client={client}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  </StrictMode>,
);
