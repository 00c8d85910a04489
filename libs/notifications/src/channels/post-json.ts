import { DeliveryError } from './delivery.error';

const USER_AGENT = 'Relais-Notifications/1.0';

/**
 * POSTs a JSON body; resolves on 2xx, else throws DeliveryError: retryable for 408, 425, 429, 5xx and network
 * failures (the peer may come back), not for other 4xx. `peer` names the target in messages instead of its URL,
 * which may carry a secret (a Slack webhook URL is one).
 */
export async function postJson(
  peer: string,
  url: string,
  body: string,
  headers: Record<string, string>,
  signal: AbortSignal,
): Promise<void> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', 'user-agent': USER_AGENT, ...headers },
      body,
      signal,
      redirect: 'error',
    });
  } catch (error) {
    const reason = signal.aborted ? 'timed out' : networkReason(error);
    throw new DeliveryError(`${peer} unreachable: ${reason}`, true);
  }
  const text = (await response.text().catch(() => '')).slice(0, 200);
  if (response.ok) return;
  const retryable = response.status >= 500 || [408, 425, 429].includes(response.status);
  throw new DeliveryError(`${peer} answered ${response.status}${text ? `: ${text}` : ''}`, retryable);
}

/** fetch's "fetch failed" hides the reason in `cause` (ECONNREFUSED…); neither carries the URL's path. */
function networkReason(error: unknown): string {
  const cause = error instanceof Error ? (error.cause as { code?: string; message?: string } | undefined) : undefined;
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
}
