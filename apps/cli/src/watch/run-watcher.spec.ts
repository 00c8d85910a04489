import type { LogLine, LogPage, RunDetail } from '@relais/contracts/api/api-types';
import { RunState } from '@relais/contracts/run-state';
import { ApiRequestError, GatewayUnreachableError, InterruptedError } from '../cli-errors';
import type { RelaisApiClient } from '../gateway/relais-api.client';
import { readRunLogs } from './log-follower';
import { ProgressLinesDisplay, type RunProgressDisplay } from './run-progress.display';
import { watchRun } from './run-watcher';

function runIn(state: RunState, progress = 0, progressMessage: string | null = null): RunDetail {
  return { id: 'run-1', flowName: 'test.run-steps', state, progress, progressMessage } as RunDetail;
}

/** A client whose `run()` answers each poll from `answers`, in order (an Error is thrown). */
function clientAnswering(answers: (RunDetail | Error)[]): { api: RelaisApiClient; polls: () => number } {
  let polls = 0;
  const api = {
    run: (): Promise<RunDetail> => {
      const answer = answers[Math.min(polls++, answers.length - 1)];
      return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
    },
  } as unknown as RelaisApiClient;
  return { api, polls: () => polls };
}

function recordingDisplay(): RunProgressDisplay & { lines: string[]; stopped: boolean } {
  const lines: string[] = [];
  const inner = new ProgressLinesDisplay((text) => lines.push(text));
  return {
    lines,
    stopped: false,
    update: (run) => inner.update(run),
    notice: (text) => lines.push(`notice: ${text}`),
    stop() {
      this.stopped = true;
    },
  };
}

describe('watchRun', () => {
  it('polls until a final state, showing each change once, then stops the display', async () => {
    const { api, polls } = clientAnswering([
      runIn(RunState.PENDING),
      runIn(RunState.RUNNING, 33, 'step 1/3'),
      runIn(RunState.RUNNING, 33, 'step 1/3'),
      runIn(RunState.RUNNING, 67, 'step 2/3'),
      runIn(RunState.COMPLETED, 100, 'step 3/3'),
    ]);
    const display = recordingDisplay();
    const run = await watchRun(api, 'run-1', { intervalMs: 1, display });
    expect(run.state).toBe(RunState.COMPLETED);
    expect(polls()).toBe(5);
    expect(display.lines).toEqual([
      'PENDING 0%',
      'RUNNING 33% step 1/3',
      'RUNNING 67% step 2/3',
      'COMPLETED 100% step 3/3',
    ]);
    expect(display.stopped).toBe(true);
  });

  it.each([RunState.FAILED, RunState.CRASHED, RunState.CANCELLED])('returns a run that ended %s', async (state) => {
    const { api } = clientAnswering([runIn(state)]);
    await expect(watchRun(api, 'run-1', { intervalMs: 1, display: recordingDisplay() })).resolves.toMatchObject({
      state,
    });
  });

  it('rides out a gateway restart (unreachable, 503) and goes on', async () => {
    const { api } = clientAnswering([
      runIn(RunState.RUNNING),
      new GatewayUnreachableError('http://gw', 'ECONNREFUSED'),
      new ApiRequestError('GET', '/api/runs/run-1', 503, 'Service Unavailable', null, ''),
      runIn(RunState.COMPLETED, 100),
    ]);
    const display = recordingDisplay();
    await expect(watchRun(api, 'run-1', { intervalMs: 1, display })).resolves.toMatchObject({ state: 'COMPLETED' });
    expect(display.lines.filter((line) => line.startsWith('notice: gateway not answering'))).toHaveLength(2);
  });

  it('gives up once the gateway has been unreachable for longer than its patience', async () => {
    const { api } = clientAnswering([new GatewayUnreachableError('http://gw', 'ECONNREFUSED')]);
    await expect(
      watchRun(api, 'run-1', { intervalMs: 5, patienceMs: 30, display: recordingDisplay() }),
    ).rejects.toThrow(GatewayUnreachableError);
  });

  it('fails at once on an error another poll cannot fix (404, 401)', async () => {
    const notFound = new ApiRequestError(
      'GET',
      '/api/runs/run-1',
      404,
      'Not Found',
      { message: 'Run run-1 not found' },
      '',
    );
    const { api, polls } = clientAnswering([notFound]);
    const display = recordingDisplay();
    await expect(watchRun(api, 'run-1', { intervalMs: 1, display })).rejects.toBe(notFound);
    expect(polls()).toBe(1);
    expect(display.stopped).toBe(true);
  });

  it('stops with InterruptedError when its signal aborts (Ctrl-C)', async () => {
    const { api } = clientAnswering([runIn(RunState.RUNNING)]);
    const controller = new AbortController();
    const watching = watchRun(api, 'run-1', {
      intervalMs: 60_000,
      display: recordingDisplay(),
      signal: controller.signal,
    });
    controller.abort();
    await expect(watching).rejects.toThrow(InterruptedError);
  });
});

describe('readRunLogs', () => {
  const line = (id: number): LogLine => ({
    id,
    level: 'info',
    message: `line ${id}`,
    step: null,
    at: '2026-01-01T00:00:00Z',
  });

  /** Answers each `logs(after)` call from `pages`, recording the `after` it was given. */
  function clientWithPages(pages: LogPage[]): { api: RelaisApiClient; afters: (number | null)[] } {
    const afters: (number | null)[] = [];
    const api = {
      logs: (_id: string, after: number | null): Promise<LogPage> => {
        afters.push(after);
        return Promise.resolve(pages[Math.min(afters.length - 1, pages.length - 1)]);
      },
    } as unknown as RelaisApiClient;
    return { api, afters };
  }

  it('reads full pages back to back, then stops at the end without --follow', async () => {
    const { api, afters } = clientWithPages([
      { items: [line(1), line(2)], nextAfter: 2, complete: false },
      { items: [line(3)], nextAfter: 3, complete: false },
    ]);
    const seen: number[] = [];
    const result = await readRunLogs(api, 'run-1', { follow: false, intervalMs: 1, pageSize: 2 }, (l) =>
      seen.push(l.id),
    );
    expect(seen).toEqual([1, 2, 3]);
    expect(afters).toEqual([null, 2]);
    expect(result).toMatchObject({ nextAfter: 3, complete: false });
  });

  it('with --follow keeps polling after the last line until the log is complete', async () => {
    const { api, afters } = clientWithPages([
      { items: [line(1)], nextAfter: 1, complete: false },
      { items: [], nextAfter: null, complete: false },
      { items: [line(2)], nextAfter: 2, complete: false },
      { items: [], nextAfter: null, complete: true },
    ]);
    const seen: number[] = [];
    const result = await readRunLogs(api, 'run-1', { follow: true, intervalMs: 1, pageSize: 10 }, (l) =>
      seen.push(l.id),
    );
    expect(seen).toEqual([1, 2]);
    expect(afters).toEqual([null, 1, 1, 2]);
    expect(result.complete).toBe(true);
  });
});
