import { Logger } from '@nestjs/common';
import { SocketIoRedisConnection } from './socket-io-redis.connection';

describe('SocketIoRedisConnection', () => {
  it('logs a failed command that its sender ignores, instead of leaving an unhandled rejection', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const connection = new SocketIoRedisConnection(process.env.TEST_REDIS_URL ?? '', 'relais-test');
    try {
      // Fire and forget, as socket.io's Redis adapter sends its commands.
      void connection.call('NOT-A-REDIS-COMMAND');
      await connection.ping();
      expect(warn).toHaveBeenCalledWith(
        expect.stringMatching(/^socket\.io adapter: NOT-A-REDIS-COMMAND failed: ERR unknown command/),
      );
    } finally {
      await connection.close();
      warn.mockRestore();
    }
  });
});
