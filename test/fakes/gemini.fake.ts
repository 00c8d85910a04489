import type { ServerResponse } from 'node:http';
import { FakeHttpServer, type RecordedRequest } from './fake-http-server';

/**
 * Fake Gemini API (https://ai.google.dev/api/generate-content): `POST /v1beta/models/{model}:generateContent`
 * authenticated by the `x-goog-api-key` header, answering a GenerateContentResponse (`candidates[].content.parts[]
 * .text`, `finishReason`, `usageMetadata`, `modelVersion`). The rows of a classification prompt (`index<TAB>text`
 * lines) are labelled by `label`, answered as the JSON the response schema asks for. Errors use Google's body
 * (`error.code/message/status/details`); rateLimitNext answers 429 RESOURCE_EXHAUSTED with a RetryInfo delay.
 */
export class FakeGemini extends FakeHttpServer {
  /** How a row's text is labelled: a title in capitals is a section, a line with a price an element, else a note. */
  label: (text: string) => string = (text) =>
    /^[^a-z]+$/.test(text) ? 'section' : /\d+,\d\d/.test(text) ? 'element' : 'note';
  /** Rows classified, over every request. */
  readonly rowsSeen: string[] = [];

  constructor(readonly apiKey = 'test-gemini-key') {
    super();
  }

  /** The next `count` requests get 429 RESOURCE_EXHAUSTED with `retryDelay` in a google.rpc.RetryInfo detail. */
  rateLimitNext(count: number, retryDelaySeconds: number): void {
    this.failNext(count, 429, {
      contentType: 'application/json; charset=UTF-8',
      body: JSON.stringify({
        error: {
          code: 429,
          message: 'You exceeded your current quota, please check your plan and billing details.',
          status: 'RESOURCE_EXHAUSTED',
          details: [
            {
              '@type': 'type.googleapis.com/google.rpc.QuotaFailure',
              violations: [{ quotaMetric: 'generativelanguage.googleapis.com/generate_content_free_tier_requests' }],
            },
            { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: `${retryDelaySeconds}s` },
          ],
        },
      }),
    });
  }

  protected handle(request: RecordedRequest, response: ServerResponse): void {
    const route = /^\/v1beta\/models\/([^/:]+):generateContent$/.exec(request.path);
    if (request.method !== 'POST' || !route) {
      this.sendError(response, 404, 'NOT_FOUND', `Method not found: ${request.path}`);
      return;
    }
    if (request.headers['x-goog-api-key'] !== this.apiKey) {
      this.sendError(response, 400, 'INVALID_ARGUMENT', 'API key not valid. Please pass a valid API key.');
      return;
    }
    const body = JSON.parse(request.body.toString('utf8')) as {
      contents?: { parts?: { text?: string }[] }[];
      generationConfig?: { responseMimeType?: string };
    };
    const prompt =
      body.contents
        ?.at(-1)
        ?.parts?.map((part) => part.text ?? '')
        .join('') ?? '';
    const rows = prompt
      .split('\n')
      .map((line) => /^(\d+)\t(.*)$/.exec(line))
      .filter((match): match is RegExpExecArray => match !== null)
      .map((match) => ({ index: Number(match[1]), text: match[2] }));
    this.rowsSeen.push(...rows.map((row) => row.text));
    const text = JSON.stringify(rows.map((row) => ({ index: row.index, label: this.label(row.text) })));
    this.sendJson(response, 200, {
      candidates: [{ content: { parts: [{ text }], role: 'model' }, finishReason: 'STOP', index: 0 }],
      usageMetadata: {
        promptTokenCount: Math.ceil(prompt.length / 4),
        candidatesTokenCount: Math.ceil(text.length / 4),
        totalTokenCount: Math.ceil((prompt.length + text.length) / 4),
      },
      modelVersion: route[1],
      responseId: `fake-${this.requests.length}`,
    });
  }

  private sendError(response: ServerResponse, code: number, status: string, message: string): void {
    this.sendJson(response, code, { error: { code, message, status } });
  }
}
