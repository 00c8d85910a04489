import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../api/client';
import type { BulkRunActionResult } from '../api/types';
import { bulkFilterQuery, queryString, type RunFilters } from '../lib/run-filters';
import { ErrorNote } from './common';

type BulkAction = 'cancel' | 'retry';

/** The bound of POST /api/runs/bulk-actions (MAX_BULK_RUNS): past it the gateway refuses the action. */
export const MAX_BULK_RUNS = 1000;

const WORDS: Record<BulkAction, { verb: string; done: string; which: string }> = {
  cancel: { verb: 'Cancel', done: 'cancelled', which: 'active' },
  retry: { verb: 'Retry', done: 'retried', which: 'failed, cancelled or crashed' },
};

interface Pending {
  action: BulkAction;
  query: string;
  matched: number;
}

function postBulk(action: BulkAction, query: string, dryRun: boolean): Promise<BulkRunActionResult> {
  return api<BulkRunActionResult>(`/api/runs/bulk-actions${query}`, { method: 'POST', body: { action, dryRun } });
}

/**
 * Cancel or retry every run the current filters match, not only the loaded rows: the gateway counts them first,
 * the person confirms that number, and the same filters (kept from the count) go with the action.
 */
export function BulkByFilter({ filters }: { filters: RunFilters }) {
  const client = useQueryClient();
  const [pending, setPending] = useState<Pending | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const count = useMutation({
    mutationFn: async (action: BulkAction): Promise<Pending> => {
      const query = queryString(bulkFilterQuery(filters, Date.now()));
      const answer = await postBulk(action, query, true);
      return { action, query, matched: answer.matched };
    },
    onMutate: () => {
      setNote(null);
      setPending(null);
    },
    onSuccess: setPending,
  });
  const run = useMutation({
    mutationFn: (chosen: Pending) => postBulk(chosen.action, chosen.query, false),
    onSuccess: async (answer) => {
      setPending(null);
      setNote(
        `${answer.done} run(s) ${WORDS[answer.action].done}` +
          (answer.refused > 0 ? `, ${answer.refused} refused (ended or changed meanwhile)` : ''),
      );
      await client.invalidateQueries({ queryKey: ['runs'] });
    },
  });
  return (
    <span className="button-row" data-testid="bulk-by-filter">
      {(['cancel', 'retry'] as const).map((action) => (
        <button
          key={action}
          type="button"
          disabled={count.isPending || run.isPending}
          onClick={() => count.mutate(action)}
        >
          {WORDS[action].verb} all matching…
        </button>
      ))}
      {pending && (
        <span className="confirm" role="dialog" aria-label="Confirm the bulk action">
          {pending.matched === 0 ? (
            <>No {WORDS[pending.action].which} run matches these filters.</>
          ) : pending.matched > MAX_BULK_RUNS ? (
            <>
              More than {MAX_BULK_RUNS} {WORDS[pending.action].which} runs match: narrow the filters (flow, state, time
              range).
            </>
          ) : (
            <>
              <span data-testid="bulk-count">
                {WORDS[pending.action].verb} {pending.matched} {WORDS[pending.action].which} run(s) matching these
                filters?
              </span>{' '}
              <button type="button" className="primary" disabled={run.isPending} onClick={() => run.mutate(pending)}>
                {WORDS[pending.action].verb} {pending.matched} run(s)
              </button>
            </>
          )}{' '}
          <button type="button" className="link" onClick={() => setPending(null)}>
            {pending.matched === 0 || pending.matched > MAX_BULK_RUNS ? 'Close' : 'Keep them'}
          </button>
        </span>
      )}
      {note && (
        <span className="note" data-testid="bulk-note">
          {note}
        </span>
      )}
      <ErrorNote error={count.error ?? run.error} />
    </span>
  );
}
