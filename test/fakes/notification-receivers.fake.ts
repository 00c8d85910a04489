import type { ServerResponse } from 'node:http';
import { FakeHttpServer, type RecordedRequest } from './fake-http-server';

/** A Slack incoming webhook: answers `ok` at /services/… as Slack does; anything else is 404 `no_service`. */
export class SlackWebhookFake extends FakeHttpServer {
  /** The webhook path (its secret part, as Slack issues it). */
  readonly path = '/services/T000/B000/s3cr3tW3bh00kPath';

  get webhookUrl(): string {
    return `${this.url}${this.path}`;
  }

  /** The JSON bodies received at the webhook path. */
  get payloads(): Record<string, unknown>[] {
    return this.requestsTo(this.path).map(
      (request) => JSON.parse(request.body.toString('utf8')) as Record<string, unknown>,
    );
  }

  protected handle(request: RecordedRequest, response: ServerResponse): void {
    if (request.method !== 'POST' || request.path !== this.path) {
      response.writeHead(404, { 'content-type': 'text/plain' });
      response.end('no_service');
      return;
    }
    response.writeHead(200, { 'content-type': 'text/plain' });
    response.end('ok');
  }
}

/** A generic webhook receiver: records requests and answers 204 at /notifications. */
export class WebhookReceiverFake extends FakeHttpServer {
  get webhookUrl(): string {
    return `${this.url}/notifications`;
  }

  protected handle(request: RecordedRequest, response: ServerResponse): void {
    if (request.method !== 'POST' || request.path !== '/notifications') {
      this.sendNotFound(response);
      return;
    }
    response.writeHead(204);
    response.end();
  }
}
