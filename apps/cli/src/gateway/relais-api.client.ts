import type {
  ApiError,
  CreatedToken,
  DeploymentSummary,
  FlowSummary,
  HealthReport,
  LogPage,
  Page,
  RunDeploymentRequest,
  RunDetail,
  RunSummary,
  StartRunRequest,
  TokenRole,
  TokenSummary,
} from '@relais/contracts/api/api-types';
import type {
  NotificationPage,
  NotificationView,
  RuleView,
} from '@relais/domains/ops/contracts/notification-api.types';
import { ApiRequestError, GatewayUnreachableError } from '../cli-errors';
import type { GatewayConnection } from './gateway-connection';

/** A gateway that accepts the connection but never answers is as good as down for a CLI. */
const REQUEST_TIMEOUT_MS = 30_000;

export interface RunFilter {
  /** One state, or several comma-separated. */
  state?: string;
  flow?: string;
  deployment?: string;
  /** The children of this run. */
  parent?: string;
  limit?: number;
  cursor?: string;
}

/** Who the token belongs to (`GET /api/whoami`). */
export interface WhoAmI {
  tokenId: string;
  name: string;
  role: TokenRole;
}

type Query = Record<string, string | number | undefined>;

/** The REST API of the gateway, one method per route the CLI uses. Every failure is a typed error (cli-errors). */
export class RelaisApiClient {
  constructor(private readonly connection: GatewayConnection) {}

  get url(): string {
    return this.connection.url;
  }

  flows(): Promise<FlowSummary[]> {
    return this.request('GET', '/api/flows');
  }

  /** Starts a run; with `idempotencyKey`, a repeated request answers with the run the first one started. */
  startRun(flowName: string, parameters: Record<string, unknown>, idempotencyKey?: string): Promise<RunSummary> {
    const body: StartRunRequest = { parameters, idempotencyKey };
    return this.request('POST', `/api/flows/${segment(flowName)}/runs`, { body });
  }

  runs(filter: RunFilter = {}): Promise<Page<RunSummary>> {
    return this.request('GET', '/api/runs', { query: { ...filter } });
  }

  run(runId: string): Promise<RunDetail> {
    return this.request('GET', `/api/runs/${segment(runId)}`);
  }

  logs(runId: string, after: number | null, limit: number): Promise<LogPage> {
    return this.request('GET', `/api/runs/${segment(runId)}/logs`, { query: { after: after ?? undefined, limit } });
  }

  cancelRun(runId: string): Promise<RunSummary> {
    return this.request('POST', `/api/runs/${segment(runId)}/cancel`);
  }

  retryRun(runId: string): Promise<RunSummary> {
    return this.request('POST', `/api/runs/${segment(runId)}/retry`);
  }

  deployments(): Promise<DeploymentSummary[]> {
    return this.request('GET', '/api/deployments');
  }

  runDeployment(name: string, parameters: Record<string, unknown>): Promise<RunSummary> {
    const body: RunDeploymentRequest = { parameters };
    return this.request('POST', `/api/deployments/${segment(name)}/run`, { body });
  }

  pauseDeployment(name: string): Promise<DeploymentSummary> {
    return this.request('POST', `/api/deployments/${segment(name)}/pause`);
  }

  resumeDeployment(name: string): Promise<DeploymentSummary> {
    return this.request('POST', `/api/deployments/${segment(name)}/resume`);
  }

  pauseAllDeployments(): Promise<DeploymentSummary[]> {
    return this.request('POST', '/api/deployments/pause-all');
  }

  resumeAllDeployments(): Promise<DeploymentSummary[]> {
    return this.request('POST', '/api/deployments/resume-all');
  }

  health(): Promise<HealthReport> {
    return this.request('GET', '/api/health');
  }

  whoami(): Promise<WhoAmI> {
    return this.request('GET', '/api/whoami');
  }

  tokens(): Promise<TokenSummary[]> {
    return this.request('GET', '/api/tokens');
  }

  createToken(name: string, role: TokenRole): Promise<CreatedToken> {
    return this.request('POST', '/api/tokens', { body: { name, role } });
  }

  revokeToken(tokenId: string): Promise<TokenSummary> {
    return this.request('DELETE', `/api/tokens/${segment(tokenId)}`);
  }

  /** A page of the notification log, newest first. */
  notifications(filter: {
    limit?: number;
    alertsOnly?: boolean;
    rule?: string;
    cursor?: string;
  }): Promise<NotificationPage> {
    const query = { limit: filter.limit, alerts_only: filter.alertsOnly ? 'true' : undefined, rule: filter.rule };
    return this.request('GET', '/api/notifications', { query: { ...query, cursor: filter.cursor } });
  }

  /** Stores a test notification for `channel`; the scheduler sends it. */
  testNotification(channel: string): Promise<Pick<NotificationView, 'id'> & { channel: string; state: string }> {
    return this.request('POST', '/api/notifications/test', { body: { channel } });
  }

  notificationRules(): Promise<RuleView[]> {
    return this.request('GET', '/api/notifications/rules');
  }

  /** One call; resolves with the parsed JSON body (null when empty), rejects with a typed error. */
  async request<T>(method: string, path: string, options: { query?: Query; body?: unknown } = {}): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.connection.token) headers.authorization = `Bearer ${this.connection.token}`;
    let body: string | undefined;
    if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.body);
    }
    let response: Response;
    try {
      response = await fetch(this.connection.url + path + queryString(options.query), {
        method,
        headers,
        body,
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (error) {
      throw new GatewayUnreachableError(this.connection.url, unreachableReason(error));
    }
    const text = await response.text();
    const json = parseJson(text);
    if (!response.ok) {
      const apiError = isObject(json) ? (json as Partial<ApiError>) : null;
      throw new ApiRequestError(
        method,
        path,
        response.status,
        response.statusText,
        apiError,
        text,
        this.connection.tokenSource,
      );
    }
    if (text && json === undefined) {
      // A 2xx that is not JSON: the URL points at something that is not a Relais gateway.
      throw new ApiRequestError(method, path, response.status, 'not a JSON answer', null, text);
    }
    return (json ?? null) as T;
  }
}

function segment(value: string): string {
  return encodeURIComponent(value);
}

function queryString(query: Query | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    if (error instanceof SyntaxError) return undefined;
    throw error;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * fetch() hides the socket error in `cause` (an AggregateError when localhost resolves to both ::1 and
 * 127.0.0.1); the system code is what tells "not running" from "wrong host".
 */
function unreachableReason(error: unknown): string {
  if ((error as { name?: unknown }).name === 'TimeoutError') {
    return `no answer within ${REQUEST_TIMEOUT_MS / 1000} s`;
  }
  const cause = (error as { cause?: unknown }).cause;
  const codeOf = (value: unknown): string | undefined => {
    const code = (value as { code?: unknown } | undefined)?.code;
    return typeof code === 'string' ? code : undefined;
  };
  const nested = (cause as { errors?: unknown[] } | undefined)?.errors;
  return (
    codeOf(cause) ??
    (Array.isArray(nested) ? nested.map(codeOf).find(Boolean) : undefined) ??
    (cause instanceof Error ? cause.message : undefined) ??
    (error instanceof Error ? error.message : String(error))
  );
}
