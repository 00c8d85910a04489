import { startEarly } from './api/early-requests';
import { firstRequestsFor } from './lib/first-requests';
import { preloadFirstPageChunks } from './lib/page-chunks';

// The page's first module (index.html): tiny, so it runs while the app's script is still loading. It starts the
// API calls the page opened will make first (the app takes their answers, api/client.ts, instead of asking again)
// and the fetch of that page's chunk.
for (const path of firstRequestsFor(location.pathname, location.search, Date.now())) startEarly(path);
preloadFirstPageChunks(document, location.pathname);
