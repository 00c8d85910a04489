import { defineFlow } from '@relais/contracts';
import { DomainRegistry } from './domain.registry';
import { defineDomain } from './relais-domain';

class NoParams {}
const flow = (name: string) => defineFlow({ name, queue: name.split('.')[0], description: name, params: NoParams });

describe('DomainRegistry', () => {
  it('gathers the flows, deployments and tables of every domain', () => {
    class OneEntity {}
    const registry = new DomainRegistry([
      defineDomain({
        name: 'alpha',
        description: 'a',
        flows: [flow('alpha.go')],
        tables: { entities: [OneEntity], migrations: [] },
      }),
      defineDomain({
        name: 'beta',
        description: 'b',
        flows: [flow('beta.go')],
        deployments: [{ name: 'beta-nightly', flow: 'alpha.go', description: '', parameters: {}, tags: [] }],
      }),
    ]);
    expect(registry.flows().map((contract) => contract.name)).toEqual(['alpha.go', 'beta.go']);
    expect(registry.deployments().map((deployment) => deployment.name)).toEqual(['beta-nightly']);
    expect(registry.entities()).toEqual([OneEntity]);
    expect(registry.get('beta')?.description).toBe('b');
  });

  it("gives the full paths of the domains' upload routes", () => {
    class UploadsModule {}
    const registry = new DomainRegistry([
      defineDomain({
        name: 'alpha',
        description: '',
        flows: [],
        gateway: { module: UploadsModule, uploadRoutes: ['', '/files'] },
      }),
      defineDomain({ name: 'beta', description: '', flows: [] }),
    ]);
    expect(registry.uploadPaths()).toEqual(['/api/alpha', '/api/alpha/files']);
  });

  it('lists every wiring mistake at once, each with what to change', () => {
    const attempt = () =>
      new DomainRegistry([
        defineDomain({ name: 'alpha', description: '', flows: [flow('alpha.go')] }),
        defineDomain({
          name: 'alpha',
          description: '',
          flows: [flow('alpha.go')],
          deployments: [{ name: 'x', flow: 'gamma.go', description: '', parameters: {}, tags: [] }],
        }),
        defineDomain({ name: 'Bad Name', description: '', flows: [] }),
      ]);
    expect(attempt).toThrow(/Two domains are named "alpha"/);
    expect(attempt).toThrow(/Flow "alpha.go" is declared by "alpha" and "alpha"/);
    expect(attempt).toThrow(/runs flow "gamma.go", which no domain declares/);
    expect(attempt).toThrow(/Domain name "Bad Name" must be/);
  });
});
