import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiRequestError } from './api/client';
import { loadChunkEarly } from './route-chunks';
import { router } from './router';
import './styles.css';

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
