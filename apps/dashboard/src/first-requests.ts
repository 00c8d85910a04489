import { startEarly } from './api/early-requests';
import { firstRequestsFor } from './lib/first-requests';

// The page's first module (index.html): tiny, so it runs while the app's script is still loading, and starts the
// API calls the page opened will make first. The app takes their answers (api/client.ts) instead of asking again.
for (const path of firstRequestsFor(location.pathname, location.search, Date.now())) startEarly(path);
