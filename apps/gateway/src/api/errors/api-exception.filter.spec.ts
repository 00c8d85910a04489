import { ServiceUnavailableException, type ArgumentsHost } from '@nestjs/common';
import type { HttpAdapterHost } from '@nestjs/core';
import { RelaisError } from '@relais/contracts';
import { ApiExceptionFilter, RETRY_AFTER_SECONDS } from './api-exception.filter';

class MaintenanceError extends RelaisError {
  readonly kind = 'unavailable';
}

class MissingThingError extends RelaisError {
  readonly kind = 'not_found';
}

/** What the filter sent: status, body and headers, through a recording HTTP adapter. */
function reply(exception: unknown): { status: number; body: unknown; headers: Record<string, string> } {
  const sent = { status: 0, body: undefined as unknown, headers: {} as Record<string, string> };
  const httpAdapter = {
    isHeadersSent: () => false,
    setHeader: (_response: unknown, name: string, value: string) => (sent.headers[name] = value),
    reply: (_response: unknown, body: unknown, status: number) => Object.assign(sent, { body, status }),
    end: () => undefined,
  };
  const host = { getType: () => 'http', switchToHttp: () => ({ getResponse: () => ({}) }) };
  const filter = new ApiExceptionFilter({ httpAdapter } as unknown as HttpAdapterHost);
  // The filter logs 500s and outages; this spec reads what it answers.
  jest
    .spyOn((filter as unknown as { logger: { error: () => void; warn: () => void } }).logger, 'error')
    .mockReturnValue();
  jest
    .spyOn((filter as unknown as { logger: { error: () => void; warn: () => void } }).logger, 'warn')
    .mockReturnValue();
  filter.catch(exception, host as unknown as ArgumentsHost);
  return sent;
}

describe('ApiExceptionFilter', () => {
  it('answers an `unavailable` RelaisError 503 with Retry-After', () => {
    const sent = reply(new MaintenanceError('Reports are being rebuilt'));
    expect(sent.status).toBe(503);
    expect(sent.headers).toEqual({ 'Retry-After': String(RETRY_AFTER_SECONDS) });
    expect(sent.body).toMatchObject({ statusCode: 503, message: 'Reports are being rebuilt' });
  });

  it('answers a database or Redis outage 503 with Retry-After, naming the service and nothing more', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 10.0.0.7:3306'), {
      code: 'ECONNREFUSED',
      fatal: true,
    });
    const database = reply(refused);
    expect(database.status).toBe(503);
    expect(database.headers['Retry-After']).toBe(String(RETRY_AFTER_SECONDS));
    expect(JSON.stringify(database.body)).not.toContain('10.0.0.7');
    expect(database.body).toMatchObject({ message: expect.stringContaining('database') as string });
    const redis = reply(new Error("Stream isn't writeable and enableOfflineQueue options is false"));
    expect(redis).toMatchObject({ status: 503, body: { message: expect.stringContaining('Redis') as string } });
  });

  it("adds Retry-After to a route's own 503 (the health check's), keeping its body", () => {
    const health = { status: 'error', redis: true, database: false };
    const sent = reply(new ServiceUnavailableException(health));
    expect(sent).toMatchObject({ status: 503, body: health, headers: { 'Retry-After': String(RETRY_AFTER_SECONDS) } });
  });

  it('keeps other statuses without Retry-After, and a bug a 500', () => {
    expect(reply(new MissingThingError('No such thing'))).toMatchObject({ status: 404, headers: {} });
    expect(reply(new TypeError('x is undefined'))).toMatchObject({
      status: 500,
      headers: {},
      body: { message: 'Internal server error' },
    });
  });
});
