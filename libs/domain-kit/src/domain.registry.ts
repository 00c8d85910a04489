import type { DeploymentDefinition, FlowContract } from '@relais/contracts';
import type { EntityClass, MigrationClass, RelaisDomain, RepositoryClass } from './relais-domain';
import type { LegacyRoute } from './legacy-route';

/** Injection token of the process's DomainRegistry. */
export const DOMAIN_REGISTRY = Symbol('DOMAIN_REGISTRY');

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a registry holds domains of any settings type
export type AnyDomain = RelaisDomain<any>;

const DOMAIN_NAME = /^[a-z][a-z0-9-]{1,30}$/;

/**
 * The domains a process knows, read by the shared libs: the flow and deployment catalogues, the tables of the
 * platform database, the settings to validate. Built once at start; every wiring mistake is listed at once,
 * each with what to change (two domains of one name, a flow declared twice, a deployment of an unknown flow).
 */
export class DomainRegistry {
  readonly domains: readonly AnyDomain[];

  constructor(domains: readonly AnyDomain[]) {
    this.domains = [...domains];
    const problems = wiringProblems(this.domains);
    if (problems.length > 0) {
      throw new Error(`The domain list is inconsistent:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    }
  }

  get(name: string): AnyDomain | undefined {
    return this.domains.find((domain) => domain.name === name);
  }

  flows(): FlowContract[] {
    return this.domains.flatMap((domain) => domain.flows);
  }

  deployments(): DeploymentDefinition[] {
    return this.domains.flatMap((domain) => domain.deployments ?? []);
  }

  /** Entities of the domains' tables in Relais's own database. */
  entities(): EntityClass[] {
    return this.domains.flatMap((domain) => domain.tables?.entities ?? []);
  }

  /** Migrations of the domains' tables in Relais's own database (TypeORM orders them by timestamp). */
  migrations(): MigrationClass[] {
    return this.domains.flatMap((domain) => domain.tables?.migrations ?? []);
  }

  /** Repositories over Relais's own database. */
  repositories(): RepositoryClass[] {
    return this.domains.flatMap((domain) => domain.tables?.repositories ?? []);
  }

  /** Domains whose tables live in a database of their own. */
  withOwnDatabase(): AnyDomain[] {
    return this.domains.filter((domain) => domain.database !== undefined);
  }

  /** The full paths (`/api/<domain><route>`) of every domain's upload routes, for the gateway's body check. */
  uploadPaths(): string[] {
    return this.domains.flatMap((domain) =>
      (domain.gateway?.uploadRoutes ?? []).map((route) => `/api/${domain.name}${route}`),
    );
  }

  /** Every domain's legacy routes, for the gateway's rewrite. */
  legacyRoutes(): LegacyRoute[] {
    return this.domains.flatMap((domain) => domain.gateway?.legacyRoutes ?? []);
  }
}

function wiringProblems(domains: readonly AnyDomain[]): string[] {
  const problems: string[] = [];
  const names = new Set<string>();
  const flowOwners = new Map<string, string>();
  const deploymentOwners = new Map<string, string>();
  for (const domain of domains) {
    if (!DOMAIN_NAME.test(domain.name)) {
      problems.push(`Domain name "${domain.name}" must be 2–31 lower-case letters, digits or -`);
    }
    if (names.has(domain.name)) problems.push(`Two domains are named "${domain.name}": rename one`);
    names.add(domain.name);
    for (const flow of domain.flows) {
      const owner = flowOwners.get(flow.name);
      if (owner) problems.push(`Flow "${flow.name}" is declared by "${owner}" and "${domain.name}": keep one`);
      flowOwners.set(flow.name, domain.name);
    }
  }
  for (const domain of domains) {
    for (const deployment of domain.deployments ?? []) {
      const owner = deploymentOwners.get(deployment.name);
      if (owner) {
        problems.push(`Deployment "${deployment.name}" is declared by "${owner}" and "${domain.name}": rename one`);
      }
      deploymentOwners.set(deployment.name, domain.name);
      if (!flowOwners.has(deployment.flow)) {
        problems.push(
          `Deployment "${deployment.name}" of domain "${domain.name}" runs flow "${deployment.flow}", ` +
            'which no domain declares: add its contract to a domain',
        );
      }
    }
  }
  return problems;
}
