import { useQueryClient } from '@tanstack/react-query';
import { Link, Outlet } from '@tanstack/react-router';
import { useEffect } from 'react';
import { ErrorNote } from './components/common';
import { liveEvents } from './live/live-events';
import { useLiveStatus } from './live/use-live-runs';
import { SignInPage } from './pages/sign-in-page';
import { forgetEverythingBut, SESSION_KEY, signOut, useSession } from './session';

const LIVE_LABELS = { connecting: 'connecting…', live: 'live', offline: 'offline: retrying', refused: 'live refused' };

function LiveIndicator() {
  const status = useLiveStatus();
  return (
    <span className={`live live-${status}`} title="Live run events (socket.io)" data-testid="live-status">
      ● {LIVE_LABELS[status]}
    </span>
  );
}

/** The frame of every page: navigation, who is signed in, the live connection; the sign-in page without a session. */
export function Layout() {
  const session = useSession();
  const client = useQueryClient();
  // While the session is being checked the page already renders and fetches its data (no waterfall: a signed-out
  // browser's requests answer 401 and the sign-in page replaces it); role-gated buttons wait for the role.
  const signedIn = session.data !== null && !session.error;
  useEffect(() => {
    if (!signedIn) return;
    liveEvents.connect();
    return () => {
      liveEvents.disconnect();
    };
  }, [signedIn]);

  if (session.error) {
    return (
      <main className="sign-in">
        <ErrorNote error={session.error} title="The dashboard cannot reach the gateway" />
      </main>
    );
  }
  if (session.data === null) return <SignInPage />;
  return (
    <div className="shell">
      <header className="top">
        <span className="brand">Relais</span>
        <nav>
          <Link to="/" activeOptions={{ exact: true }}>
            Status
          </Link>
          <Link to="/flows">Flows</Link>
          <Link to="/runs">Runs</Link>
          <Link to="/deployments">Deployments</Link>
          <Link to="/stats">Statistics</Link>
          <Link to="/notifications">Notifications</Link>
          <Link to="/scrutart">Scrutart</Link>
          <Link to="/documents">Documents</Link>
          <Link to="/dpgf">DPGF</Link>
          <Link to="/rag">RAG</Link>
        </nav>
        <LiveIndicator />
        {session.data && (
          <span className="who" data-testid="who">
            {session.data.name} ({session.data.role})
          </span>
        )}
        <button
          type="button"
          className="link"
          onClick={() => {
            void signOut().finally(() => {
              forgetEverythingBut(client, SESSION_KEY);
              client.setQueryData(SESSION_KEY, null);
            });
          }}
        >
          Sign out
        </button>
      </header>
      <main className="content">
        <Outlet />
      </main>
    </div>
  );
}
