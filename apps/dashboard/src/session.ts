import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { forgetEarly } from './api/early-requests';
import { api, ApiRequestError, onUnauthorised } from './api/client';
import type { Session, TokenRole } from './api/types';

const RANK: Record<TokenRole, number> = { viewer: 1, operator: 2, admin: 3 };

/** Whether a role may do what `needed` may (viewer < operator < admin), as the gateway's AccessGuard decides. */
export function allows(role: TokenRole | undefined, needed: TokenRole): boolean {
  return role !== undefined && RANK[role] >= RANK[needed];
}

export const SESSION_KEY = ['session'] as const;

/** The signed-in token's name and role; null when signed out. A 401 anywhere signs the page out. */
export function useSession() {
  const client = useQueryClient();
  useEffect(
    () =>
      onUnauthorised(() => {
        client.setQueryData(SESSION_KEY, null);
      }),
    [client],
  );
  return useQuery({
    queryKey: SESSION_KEY,
    queryFn: async (): Promise<Session | null> => {
      try {
        return await api<Session>('/api/session');
      } catch (error) {
        if (error instanceof ApiRequestError && error.status === 401) return null;
        throw error;
      }
    },
    staleTime: Infinity,
    retry: false,
  });
}

/** The role of the signed-in token (undefined while unknown). */
export function useRole(): TokenRole | undefined {
  return useSession().data?.role;
}

export async function signIn(token: string): Promise<Session> {
  // Answers fetched before sign-in were the signed-out ones.
  forgetEarly();
  return api<Session>('/api/session', { method: 'POST', body: { token } });
}

export async function signOut(): Promise<void> {
  await api<undefined>('/api/session', { method: 'DELETE' });
}

/**
 * Drops every cached answer but `keep` when the signed-in token changes: what one token could read must not show
 * to the next. The session's own query stays, so the components observing it see the new value.
 */
export function forgetEverythingBut(client: QueryClient, keep: readonly unknown[]): void {
  client.removeQueries({ predicate: (query) => query.queryKey[0] !== keep[0] });
}
