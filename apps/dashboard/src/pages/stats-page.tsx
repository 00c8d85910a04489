import { useQuery } from '@tanstack/react-query';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { api } from '../api/client';
import type { RunStats } from '../api/types';
import { Card, ErrorNote, formatDuration, Loading } from '../components/common';

const DAY = 86_400_000;

function percent(rate: number | null): string {
  return rate === null ? '–' : `${(rate * 100).toFixed(1)} %`;
}

function Figures({ stats }: { stats: RunStats }) {
  return (
    <div className="figures">
      <div>
        <div className="big-number">{stats.total}</div>runs
      </div>
      <div>
        <div className="big-number">{percent(stats.successRate)}</div>success rate
      </div>
      <div>
        <div className="big-number">{formatDuration(stats.meanDurationMs)}</div>mean duration
      </div>
      <div>
        <div className="big-number">{formatDuration(stats.p95DurationMs)}</div>p95 duration
      </div>
      <div className="small muted">
        {Object.entries(stats.byState)
          .map(([state, count]) => `${state.toLowerCase()} ${count}`)
          .join(' · ')}
      </div>
    </div>
  );
}

/** The last seven days, one window each (seven small requests the gateway answers from its index). */
async function readDays(): Promise<{ day: string; completed: number; failed: number; other: number }[]> {
  const today = new Date();
  today.setHours(0, 0, 0, 0);
  const days = Array.from({ length: 7 }, (_, index) => new Date(today.getTime() - (6 - index) * DAY));
  return Promise.all(
    days.map(async (from) => {
      const to = new Date(from.getTime() + DAY);
      const stats = await api<RunStats>(`/api/stats?from=${from.toISOString()}&to=${to.toISOString()}`);
      // Only the states that occurred are present.
      const byState: Partial<Record<string, number>> = stats.byState;
      const completed = byState.COMPLETED ?? 0;
      const failed = (byState.FAILED ?? 0) + (byState.CRASHED ?? 0);
      return {
        day: from.toLocaleDateString(undefined, { weekday: 'short', day: 'numeric' }),
        completed,
        failed,
        other: stats.total - completed - failed,
      };
    }),
  );
}

export function StatsPage() {
  const today = useQuery({ queryKey: ['stats', '24h'], queryFn: () => api<RunStats>('/api/stats?window=24h') });
  const week = useQuery({ queryKey: ['stats', '7d'], queryFn: () => api<RunStats>('/api/stats?window=7d') });
  const days = useQuery({ queryKey: ['stats', 'days'], queryFn: readDays });

  return (
    <div className="page">
      <h1>Statistics</h1>
      <div className="grid-2">
        <Card title="Last 24 hours">
          {today.isPending && <Loading what="statistics" />}
          <ErrorNote error={today.error} />
          {today.data && <Figures stats={today.data} />}
        </Card>
        <Card title="Last 7 days">
          {week.isPending && <Loading what="statistics" />}
          <ErrorNote error={week.error} />
          {week.data && <Figures stats={week.data} />}
        </Card>
      </div>
      <Card title="Runs per day">
        <ErrorNote error={days.error} />
        {days.data && (
          <div className="chart">
            <ResponsiveContainer width="100%" height={260}>
              <BarChart data={days.data}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="day" />
                <YAxis allowDecimals={false} />
                <Tooltip />
                <Legend />
                <Bar dataKey="completed" stackId="runs" fill="#2e7d32" />
                <Bar dataKey="failed" stackId="runs" fill="#c62828" />
                <Bar dataKey="other" stackId="runs" fill="#90a4ae" />
              </BarChart>
            </ResponsiveContainer>
          </div>
        )}
      </Card>
      {week.data && week.data.flows.length > 0 && (
        <Card title="Per flow, last 7 days">
          <div className="chart">
            <ResponsiveContainer width="100%" height={Math.max(160, week.data.flows.length * 32)}>
              <BarChart data={week.data.flows} layout="vertical" margin={{ left: 120 }}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis type="number" allowDecimals={false} />
                <YAxis type="category" dataKey="flowName" width={200} />
                <Tooltip />
                <Bar dataKey="total" fill="#1565c0" name="runs" />
              </BarChart>
            </ResponsiveContainer>
          </div>
          <table className="table">
            <thead>
              <tr>
                <th>Flow</th>
                <th className="num">Runs</th>
                <th className="num">Success</th>
                <th className="num">Mean</th>
                <th className="num">p95</th>
              </tr>
            </thead>
            <tbody>
              {week.data.flows.map((flow) => (
                <tr key={flow.flowName}>
                  <td>
                    <code>{flow.flowName}</code>
                  </td>
                  <td className="num">{flow.total}</td>
                  <td className="num">{percent(flow.successRate)}</td>
                  <td className="num">{formatDuration(flow.meanDurationMs)}</td>
                  <td className="num">{formatDuration(flow.p95DurationMs)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Card>
      )}
    </div>
  );
}
