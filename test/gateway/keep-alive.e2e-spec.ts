import { Agent, request } from 'node:http';
import { startGateway, type RunningGateway } from './gateway-harness';

/**
 * A client that keeps its connection idle for longer than Node's default keep-alive (5 s) reuses it: the gateway
 * does not close it under the client's feet (which surfaced as `fetch failed: ECONNRESET` in a browser test whose
 * API calls were a few seconds apart on a loaded machine).
 */
describe('gateway: keep-alive connections outlive a client pause', () => {
  let gateway: RunningGateway;

  beforeAll(async () => {
    gateway = await startGateway();
  });
  afterAll(async () => {
    await gateway.close();
    await gateway.cleanup();
  });

  function get(agent: Agent, path: string): Promise<{ status: number; localPort: number }> {
    return new Promise((resolve, reject) => {
      const call = request(`${gateway.url}${path}`, { agent }, (response) => {
        response.resume();
        response.on('end', () => resolve({ status: response.statusCode ?? 0, localPort: call.socket?.localPort ?? 0 }));
      });
      call.on('error', reject);
      call.end();
    });
  }

  it('answers on the same connection after 6 s of silence', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const first = await get(agent, '/api/whoami');
      await new Promise((resolve) => setTimeout(resolve, 6_000));
      const second = await get(agent, '/api/whoami');
      // Unauthenticated on purpose: the answer does not matter, the connection does.
      expect([first.status, second.status]).toEqual([401, 401]);
      expect(second.localPort).toBe(first.localPort);
    } finally {
      agent.destroy();
    }
  }, 20_000);
});
