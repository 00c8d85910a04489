import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import type { ApiError, HealthReport } from '@relais/contracts';
import { REDIS_CLIENT } from '@relais/engine';
import { callApi } from './gateway-harness';
import { useApiGateway } from './api-test-gateway';

describe('REST API: health and unexpected errors', () => {
  describe('with Redis and the database up', () => {
    const api = useApiGateway();

    it('answers 200 without a token, with one verdict per dependency', async () => {
      const { status, body } = await callApi<HealthReport>(api.gateway, 'GET', '/api/health', { token: null });
      expect(status).toBe(200);
      expect(body).toEqual({
        status: 'ok',
        redis: true,
        database: true,
        details: { redis: { status: 'up' }, database: { status: 'up' } },
      });
    });

    it('answers an unexpected failure with a generic 500 that does not leak its cause', async () => {
      const failure = jest
        .spyOn(api.runs, 'list')
        .mockRejectedValueOnce(new Error('connect ECONNREFUSED mysql://relais:hunter2@db:3306'));
      try {
        const { status, body } = await callApi<ApiError>(api.gateway, 'GET', '/api/runs');
        expect(status).toBe(500);
        expect(body).toEqual({ statusCode: 500, error: 'Internal Server Error', message: 'Internal server error' });
      } finally {
        failure.mockRestore();
      }
      expect((await callApi(api.gateway, 'GET', '/api/runs')).status).toBe(200);
    });
  });

  describe('with Redis unreachable', () => {
    const api = useApiGateway();

    it('answers 503 naming Redis as down', async () => {
      api.gateway.moduleRef.get<Redis>(REDIS_CLIENT).disconnect();
      const { status, body } = await callApi<HealthReport>(api.gateway, 'GET', '/api/health', { token: null });
      expect(status).toBe(503);
      expect(body).toMatchObject({
        status: 'error',
        redis: false,
        database: true,
        details: { redis: { status: 'down' }, database: { status: 'up' } },
      });
      expect(body.details.redis.message).toEqual(expect.any(String));
    });
  });

  describe('with the database unreachable', () => {
    const api = useApiGateway();

    it('answers 503 naming the database as down', async () => {
      await api.gateway.moduleRef.get(DataSource).destroy();
      const { status, body } = await callApi<HealthReport>(api.gateway, 'GET', '/api/health', { token: null });
      expect(status).toBe(503);
      expect(body).toMatchObject({
        status: 'error',
        redis: true,
        database: false,
        details: { redis: { status: 'up' }, database: { status: 'down' } },
      });
    });
  });
});
