import { defineFlow } from '@relais/contracts';
import { changeOf, domainReports, periodWindow, totalsOf } from './analytics';
import { flowStatistics } from './flow-statistics';

class NoParams {}
const flow = (name: string) => defineFlow<NoParams, unknown>({ name, queue: 'q', description: '', params: NoParams });

describe('analytics', () => {
  it('cover rolling periods ending now, with the one before for comparison', () => {
    const now = Date.UTC(2026, 0, 31, 8);
    expect(periodWindow('weekly', now)).toEqual({
      from: now - 7 * 86_400_000,
      to: now,
      previousFrom: now - 14 * 86_400_000,
    });
  });

  it('report each installed domain, with the figures it declares, from runs and results only', () => {
    const counts = [
      { flow: 'art.paint', state: 'COMPLETED', runs: 3 },
      { flow: 'art.paint', state: 'FAILED', runs: 1 },
      { flow: 'ops.check', state: 'COMPLETED', runs: 5 },
    ];
    const results = [
      { flow: 'art.paint', result: { works_count: 4, pages: ['a', 'b'] } },
      { flow: 'art.paint', result: { works_count: 6, pages: ['c'] } },
      { flow: 'art.paint', result: null },
    ];
    const reports = domainReports(
      [
        {
          name: 'art',
          flows: [flow('art.paint')],
          figures: [
            { key: 'paintings', label: 'Paintings made', flow: 'art.paint', count: 'completed-runs' },
            { key: 'works', label: 'Works', flow: 'art.paint', sum: 'works_count' },
            { key: 'pages', label: 'Pages', flow: 'art.paint', sum: 'pages' },
          ],
        },
        { name: 'ops', flows: [flow('ops.check')] },
      ],
      counts,
      results,
    );
    expect(reports).toEqual([
      {
        domain: 'art',
        runs: 4,
        completed: 3,
        figures: {
          paintings: { label: 'Paintings made', value: 3 },
          works: { label: 'Works', value: 10 },
          pages: { label: 'Pages', value: 3 },
        },
      },
      { domain: 'ops', runs: 5, completed: 5, figures: {} },
    ]);
  });

  it('compare totals with the previous period', () => {
    const now = totalsOf(
      flowStatistics(
        [
          { flow: 'a.b', state: 'COMPLETED', runs: 9 },
          { flow: 'a.b', state: 'FAILED', runs: 1 },
        ],
        [],
      ),
    );
    const before = totalsOf(
      flowStatistics(
        [
          { flow: 'a.b', state: 'COMPLETED', runs: 4 },
          { flow: 'a.b', state: 'FAILED', runs: 1 },
        ],
        [],
      ),
    );
    expect(now).toEqual({ runs: 10, completed: 9, failed: 1, success_rate: 0.9 });
    expect(changeOf(now, before)).toEqual({
      runs_percent: 100,
      completed_percent: 125,
      failed_percent: 0,
      success_rate_points: 10,
    });
    expect(changeOf(now, { runs: 0, completed: 0, failed: 0, success_rate: null }).runs_percent).toBeNull();
  });
});
