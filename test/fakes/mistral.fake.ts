import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { FakeHttpServer, type RecordedRequest } from './fake-http-server';

/** A chat message as Mistral's API takes it. */
export interface FakeMistralMessage {
  role: string;
  content: string;
}

/**
 * Fake Mistral API (https://docs.mistral.ai/api/): POST /v1/embeddings and POST /v1/chat/completions with
 * Bearer authentication, Mistral's JSON bodies (snake_case, `usage`, `object`), its error bodies, and 429 with
 * Retry-After on demand (`rateLimitNext`). Embeddings are deterministic: the same text always gets the same
 * unit vector, so retrieval through the fake is repeatable.
 */
export class FakeMistral extends FakeHttpServer {
  /** Vector length of `mistral-embed`. */
  dimensions = 1024;
  /** What the assistant answers; by default it quotes the start of the last user message. */
  answer: (messages: FakeMistralMessage[]) => string = (messages) =>
    `Answer to: ${
      messages
        .filter((message) => message.role === 'user')
        .at(-1)
        ?.content.slice(0, 80) ?? ''
    }`;

  constructor(readonly apiKey = 'test-mistral-key') {
    super();
  }

  /** The next `count` requests get 429 with `Retry-After: seconds` and Mistral's rate-limit body. */
  rateLimitNext(count: number, retryAfterSeconds: number): void {
    this.failNext(count, 429, {
      retryAfter: retryAfterSeconds,
      contentType: 'application/json',
      body: JSON.stringify({
        object: 'error',
        message: 'Requests rate limit exceeded',
        type: 'rate_limited',
        param: null,
        code: '1300',
      }),
    });
  }

  /** The texts each embeddings request carried, in order. */
  embeddedInputs(): string[][] {
    return this.requestsTo('/v1/embeddings').map((request) => {
      const input = (JSON.parse(request.body.toString('utf8')) as { input: string | string[] }).input;
      return typeof input === 'string' ? [input] : input;
    });
  }

  /** The unit vector the fake gives `text`. */
  vectorOf(text: string): number[] {
    const vector: number[] = [];
    for (let block = 0; vector.length < this.dimensions; block++) {
      const digest = createHash('sha256').update(`${block}:${text}`).digest();
      for (let offset = 0; offset < digest.length && vector.length < this.dimensions; offset += 2) {
        vector.push(digest.readInt16LE(offset) / 32768);
      }
    }
    const norm = Math.sqrt(vector.reduce((sum, value) => sum + value * value, 0));
    return vector.map((value) => value / norm);
  }

  protected override handle(request: RecordedRequest, response: ServerResponse): void {
    if (request.method !== 'POST' || !['/v1/embeddings', '/v1/chat/completions'].includes(request.path)) {
      this.sendJson(response, 404, { detail: 'Not Found' });
      return;
    }
    if (request.headers.authorization !== `Bearer ${this.apiKey}`) {
      this.sendJson(response, 401, { message: 'Unauthorized', request_id: this.requestId() });
      return;
    }
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(request.body.toString('utf8')) as Record<string, unknown>;
    } catch {
      this.invalid(response, 'body', 'Invalid JSON');
      return;
    }
    if (typeof body.model !== 'string' || body.model === '') {
      this.invalid(response, 'model', 'Field required');
      return;
    }
    if (request.path === '/v1/embeddings') this.embeddings(body, response);
    else this.chatCompletion(body, response);
  }

  private embeddings(body: Record<string, unknown>, response: ServerResponse): void {
    const input = body.input;
    const texts = typeof input === 'string' ? [input] : input;
    if (!Array.isArray(texts) || texts.length === 0 || !texts.every((text) => typeof text === 'string')) {
      this.invalid(response, 'input', 'Input should be a valid string or a non-empty list of strings');
      return;
    }
    const tokens = texts.reduce((sum, text) => sum + Math.ceil(text.length / 4), 0);
    this.sendJson(response, 200, {
      id: this.requestId(),
      object: 'list',
      data: texts.map((text, index) => ({ object: 'embedding', embedding: this.vectorOf(text), index })),
      model: body.model,
      usage: { prompt_tokens: tokens, total_tokens: tokens, completion_tokens: 0 },
    });
  }

  private chatCompletion(body: Record<string, unknown>, response: ServerResponse): void {
    const messages = body.messages;
    if (
      !Array.isArray(messages) ||
      messages.length === 0 ||
      !messages.every((message: { role?: unknown; content?: unknown }) => typeof message.role === 'string')
    ) {
      this.invalid(response, 'messages', 'Field required');
      return;
    }
    const content = this.answer(messages as FakeMistralMessage[]);
    const promptTokens = Math.ceil(JSON.stringify(messages).length / 4);
    const completionTokens = Math.ceil(content.length / 4);
    this.sendJson(response, 200, {
      id: this.requestId(),
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: body.model,
      choices: [{ index: 0, message: { role: 'assistant', content, tool_calls: null }, finish_reason: 'stop' }],
      usage: {
        prompt_tokens: promptTokens,
        completion_tokens: completionTokens,
        total_tokens: promptTokens + completionTokens,
      },
    });
  }

  /** Mistral's 422 body (FastAPI's validation error format). */
  private invalid(response: ServerResponse, field: string, message: string): void {
    this.sendJson(response, 422, {
      object: 'error',
      message: { detail: [{ type: 'missing', loc: ['body', field], msg: message, input: null }] },
      type: 'invalid_request_message_error',
      param: null,
      code: null,
    });
  }

  private requestId(): string {
    return createHash('sha1')
      .update(String(this.requests.length) + String(Date.now()))
      .digest('hex')
      .slice(0, 32);
  }
}
