import { useQueryClient } from '@tanstack/react-query';
import { useState, type SyntheticEvent } from 'react';
import { ApiRequestError } from '../api/client';
import { forgetEverythingBut, SESSION_KEY, signIn } from '../session';

/**
 * The token is typed here once, sent in the body of POST /api/session (never in a URL), and exchanged for an
 * HttpOnly session cookie: the page itself never keeps it.
 */
export function SignInPage({ reason }: { reason?: string }) {
  const client = useQueryClient();
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: SyntheticEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const session = await signIn(token.trim());
      setToken('');
      forgetEverythingBut(client, SESSION_KEY);
      client.setQueryData(SESSION_KEY, session);
    } catch (failure) {
      setError(
        failure instanceof ApiRequestError && failure.status === 401
          ? 'This token was refused (unknown or revoked). Check it, or ask an admin for a new one (relais tokens create).'
          : failure instanceof ApiRequestError
            ? `${failure.message}. ${failure.advice}`
            : String(failure),
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="sign-in">
      <form onSubmit={(event) => void submit(event)}>
        <h1>Relais</h1>
        {reason && <p className="note">{reason}</p>}
        <label>
          API token
          <input
            type="password"
            name="token"
            autoComplete="current-password"
            value={token}
            onChange={(event) => setToken(event.target.value)}
            placeholder="relais_…"
            required
          />
        </label>
        <button type="submit" className="primary" disabled={busy || token.trim() === ''}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        {error && (
          <p className="error-note" role="alert">
            {error}
          </p>
        )}
        <p className="muted small">
          `npm start` keeps the admin token in <code>data/admin-token</code>. A viewer token can watch; starting,
          cancelling and pausing need an operator token.
        </p>
      </form>
    </main>
  );
}
