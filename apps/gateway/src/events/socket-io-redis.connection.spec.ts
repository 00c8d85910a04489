import { Logger } from '@nestjs/common';
import { closeRedisClient } from '@relais/engine';
import { openSocketIoRedisConnection } from './socket-io-redis.connection';

describe('openSocketIoRedisConnection', () => {
  it('logs a failed command that its sender ignores, instead of leaving an unhandled rejection', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const connection = openSocketIoRedisConnection(
      { kind: 'standalone', url: process.env.TEST_REDIS_URL ?? '' },
      'relais-test',
    );
    try {
      // Fire and forget, as socket.io's Redis adapter sends its commands.
      void connection.call('NOT-A-REDIS-COMMAND');
      await connection.ping();
      expect(warn).toHaveBeenCalledWith(
        expect.stringMatching(/^socket\.io adapter: NOT-A-REDIS-COMMAND failed: ERR unknown command/),
      );
    } finally {
      await closeRedisClient(connection);
      warn.mockRestore();
    }
  });
});
