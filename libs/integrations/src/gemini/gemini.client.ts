import { ApiError, GoogleGenAI, Type } from '@google/genai';
import { backoffDelay, sleep } from '../http/backoff';
import { IntegrationError } from '../http/integration.errors';

const SERVICE = 'Gemini';

/** How the Gemini client reaches the API. Its key is the caller's to redact; this client never writes it anywhere. */
export interface GeminiClientSettings {
  apiKey: string;
  /** `https://generativelanguage.googleapis.com` (the SDK's default), or a fake's URL. */
  baseUrl: string;
  /** `gemini-2.5-flash`. */
  model: string;
  timeoutMs: number;
  maxRetries: number;
  /** The longest RetryInfo delay waited for; a longer one fails the call. Default 60 s. */
  maxRetryDelayMs?: number;
}

/** What a row of a price schedule is, as the model answers for rows the rules cannot tell. */
export type RowLabel = 'section' | 'element' | 'note';

/** The labels the model may answer (a JSON schema enum: anything else is refused by the API itself). */
export const ROW_LABELS: readonly RowLabel[] = ['section', 'element', 'note'];

const INSTRUCTION =
  'You classify rows of French construction price schedules (DPGF, BPU, DQE). Each row is given with its index. ' +
  'Answer "section" for a heading that groups the lines below it (a trade, a building part, a chapter title), ' +
  '"element" for a priced work item, "note" for a description, remark or condition that is neither.';

/**
 * Gemini through the official `@google/genai` SDK: classifies rows of a price schedule in one generateContent
 * call per batch, with a JSON response schema. 429 (RESOURCE_EXHAUSTED) is retried after the delay its RetryInfo
 * names, 5xx with backoff; errors never carry the key (the SDK sends it as the `x-goog-api-key` header).
 */
export class GeminiClient {
  private readonly ai: GoogleGenAI;

  constructor(private readonly settings: GeminiClientSettings) {
    this.ai = new GoogleGenAI({
      apiKey: settings.apiKey,
      httpOptions: { baseUrl: settings.baseUrl, timeout: settings.timeoutMs },
    });
  }

  /** One label per row, in the rows' order. Throws IntegrationError when the API refuses or answers otherwise. */
  async classifyRows(rows: readonly string[], signal?: AbortSignal): Promise<RowLabel[]> {
    const listing = rows.map((text, index) => `${index}\t${text.replace(/\s+/g, ' ').slice(0, 500)}`).join('\n');
    const response = await this.withRetries(
      () =>
        this.ai.models.generateContent({
          model: this.settings.model,
          contents: [{ role: 'user', parts: [{ text: `${INSTRUCTION}\n\n${listing}` }] }],
          config: {
            temperature: 0,
            responseMimeType: 'application/json',
            responseSchema: {
              type: Type.ARRAY,
              items: {
                type: Type.OBJECT,
                properties: {
                  index: { type: Type.INTEGER },
                  label: { type: Type.STRING, enum: [...ROW_LABELS] },
                },
                required: ['index', 'label'],
              },
            },
            abortSignal: signal,
          },
        }),
      signal,
    );
    return labelsOf(response.text ?? '', rows.length);
  }

  private async withRetries<T>(call: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await call();
      } catch (error) {
        const status = error instanceof ApiError ? error.status : null;
        const retryable = status === 429 || (status !== null && status >= 500);
        const message = this.redacted(error instanceof Error ? error.message : String(error));
        if (!retryable || attempt >= this.settings.maxRetries)
          throw new IntegrationError(
            SERVICE,
            `generateContent failed${status ? ` (${status})` : ''}: ${message.slice(0, 300)}`,
          );
        const delayMs = retryDelayOf(message) ?? backoffDelay(attempt, 500, 30_000);
        const maxDelayMs = this.settings.maxRetryDelayMs ?? 60_000;
        if (delayMs > maxDelayMs)
          throw new IntegrationError(SERVICE, `asked to retry after ${Math.ceil(delayMs / 1000)} s (quota exhausted)`);
        await sleep(delayMs, signal);
      }
    }
  }

  private redacted(text: string): string {
    return text.split(this.settings.apiKey).join('[redacted]');
  }
}

/** The delay of a google.rpc.RetryInfo detail (`"retryDelay": "7s"` or `"1.5s"`) in an error body, in ms. */
export function retryDelayOf(errorBody: string): number | null {
  const match = /"retryDelay"\s*:\s*"(\d+(?:\.\d+)?)s"/.exec(errorBody);
  return match ? Math.ceil(Number(match[1]) * 1000) : null;
}

/** The labels of `count` rows from the model's JSON; a row it left out, or answered twice, is an error. */
function labelsOf(text: string, count: number): RowLabel[] {
  let answer: unknown;
  try {
    answer = JSON.parse(text);
  } catch (_notJson) {
    throw new IntegrationError(SERVICE, `the answer is not JSON: "${text.slice(0, 120)}"`);
  }
  const labels = new Array<RowLabel | undefined>(count);
  for (const item of Array.isArray(answer) ? (answer as unknown[]) : []) {
    const { index, label } = (item ?? {}) as { index?: unknown; label?: unknown };
    if (typeof index === 'number' && index >= 0 && index < count && ROW_LABELS.includes(label as RowLabel))
      labels[index] = label as RowLabel;
  }
  const missing = labels.findIndex((label) => label === undefined);
  if (missing >= 0 || labels.length !== count)
    throw new IntegrationError(SERVICE, `the answer has no label for row ${missing} of ${count}`);
  return labels as RowLabel[];
}
