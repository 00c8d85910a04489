import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { DomainRegistry } from '@relais/domain-kit';
import { DOMAINS } from '@relais/domains';
import { FlowCatalogue } from '@relais/engine';
import { registeredApps, ROOT } from './relais-start.session';

/*
 * Docker and Kubernetes cannot run on the CI machine: these checks keep docker-compose.yml, the Dockerfile and
 * k8s/ parseable and in step with the apps (a new worker app without its service or deployment fails here).
 */

interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  profiles?: string[];
  environment?: Record<string, string>;
}

interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  spec?: Record<string, unknown>;
}

interface Container {
  name: string;
  image: string;
  command: string[];
  readinessProbe?: Probe;
  livenessProbe?: Probe;
}

interface Probe {
  httpGet?: { path: string };
  tcpSocket?: { port: unknown };
  exec?: { command: string[] };
}

interface DeploymentSpec {
  selector: { matchLabels: Record<string, string> };
  template: { metadata: { labels: Record<string, string> }; spec: { containers: Container[] } };
}

const read = (path: string): string => readFileSync(join(ROOT, path), 'utf8');

/** The apps whose code exists: each must be deployable. */
function writtenApps(): string[] {
  return registeredApps().filter((app) => existsSync(join(ROOT, 'apps', app, 'src', 'main.ts')));
}

function yamlFiles(directory: string): string[] {
  return readdirSync(join(ROOT, directory), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.yaml'))
    .map((file) => join(directory, file));
}

/** Every Kubernetes object of k8s/ (kustomization.yaml files are kubectl's input, not objects). */
function manifests(): { file: string; manifest: Manifest }[] {
  const objects = yamlFiles('k8s').filter((file) => !file.endsWith('kustomization.yaml'));
  return objects.flatMap((file) =>
    parseAllDocuments(read(file)).map((document) => {
      if (document.errors.length > 0) throw new Error(`${file}: ${document.errors[0].message}`);
      return { file, manifest: document.toJS() as Manifest };
    }),
  );
}

function deployments(): Map<string, DeploymentSpec> {
  return new Map(
    manifests()
      .filter(({ manifest }) => manifest.kind === 'Deployment')
      .map(({ manifest }) => [manifest.metadata.name, manifest.spec as unknown as DeploymentSpec]),
  );
}

describe('docker-compose.yml', () => {
  const compose = parse(read('docker-compose.yml'), { merge: true }) as {
    services: Record<string, ComposeService>;
  };
  const services = compose.services;

  it('has a service running each app from the image, with a healthcheck', () => {
    for (const app of writtenApps()) {
      expect(Object.keys(services)).toContain(app);
      const service = services[app];
      expect(service.command).toEqual(['node', `dist/apps/${app}/src/main.js`]);
      expect(service.build).toBe('.');
      expect(service.healthcheck?.test.length).toBeGreaterThan(0);
    }
  });

  it('runs every app on Redis with the append-only file and on MariaDB, which they wait for', () => {
    expect(services.redis.command).toEqual(expect.arrayContaining(['--appendonly', 'yes']));
    for (const app of Object.keys(services).filter((name) => registeredApps().includes(name))) {
      expect(services[app].environment).toMatchObject({
        REDIS_URL: 'redis://redis:6379',
        DATABASE_URL: expect.stringMatching(/^mysql:\/\/relais:.*@mariadb:3306\/relais$/) as string,
      });
      expect(services[app].depends_on).toEqual({
        redis: { condition: 'service_healthy' },
        mariadb: { condition: 'service_healthy' },
      });
    }
  });

  it('only depends on services it defines, and probes with files the image contains', () => {
    for (const service of Object.values(services)) {
      for (const dependency of Object.keys(service.depends_on ?? {}))
        expect(Object.keys(services)).toContain(dependency);
      const probe = service.healthcheck?.test.find((word) => word.startsWith('scripts/'));
      if (probe) expect(read('Dockerfile')).toContain(`COPY ${probe} ${probe}`);
    }
  });
});

describe('Dockerfile', () => {
  const dockerfile = read('Dockerfile');
  const ignored = read('.dockerignore')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));

  it('copies only files that exist and that .dockerignore lets through', () => {
    const copies = [...dockerfile.matchAll(/^COPY (?!--from)(.+)$/gm)].map((match) =>
      match[1].split(/\s+/).slice(0, -1),
    );
    expect(copies.length).toBeGreaterThan(0);
    for (const source of copies.flat()) {
      expect(existsSync(join(ROOT, source))).toBe(true);
      expect(ignored.filter((pattern) => source === pattern || source.startsWith(`${pattern}/`))).toEqual([]);
    }
  });

  it('makes the gateway listen on every interface, since its default (127.0.0.1) is unreachable from outside', () => {
    const runtime = dockerfile.slice(dockerfile.indexOf('AS runtime'));
    expect(runtime).toMatch(/^\s+GATEWAY_HOST=0\.0\.0\.0\b/m);
  });

  it('builds and runs on the Node release of .nvmrc, the one CI tests and package.json requires', () => {
    const [major] = read('.nvmrc').trim().split('.');
    const { engines } = JSON.parse(read('package.json')) as { engines: { node: string } };
    expect(engines.node).toBe(`>=${major}`);
    expect(dockerfile).toMatch(new RegExp(`^FROM node:${major}-bookworm-slim AS build$`, 'm'));
    expect(dockerfile).toMatch(new RegExp(`^FROM node:${major}-bookworm-slim AS runtime$`, 'm'));
  });

  it('runs as an unprivileged user with production dependencies only', () => {
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toContain('npm prune --omit=dev');
  });
});

describe('k8s/', () => {
  it('parses, and every object is named and lives in the relais namespace', () => {
    const all = manifests();
    expect(all.length).toBeGreaterThan(8);
    for (const { file, manifest } of all) {
      const where = `${file} (${manifest.kind})`;
      expect([where, typeof manifest.apiVersion, typeof manifest.kind]).toEqual([where, 'string', 'string']);
      expect([where, manifest.metadata.name]).toEqual([where, expect.any(String)]);
      if (manifest.kind !== 'Namespace') {
        expect([where, manifest.metadata.namespace]).toEqual([where, 'relais']);
      }
    }
  });

  it('lists in its kustomizations every manifest but the secret example, which it never applies', () => {
    const kustomizations = yamlFiles('k8s').filter((file) => file.endsWith('kustomization.yaml'));
    const listed = kustomizations.flatMap((file) => {
      const { resources } = parse(read(file)) as { resources: string[] };
      return resources.map((resource) => join(file, '..', resource));
    });
    for (const file of listed) expect(existsSync(join(ROOT, file))).toBe(true);
    const unlisted = yamlFiles('k8s').filter((file) => !kustomizations.includes(file) && !listed.includes(file));
    expect(unlisted.map((file) => relative('k8s', file))).toEqual(['secret.example.yaml']);
  });

  it('deploys each app with the right command and matching labels', () => {
    const deployed = deployments();
    for (const app of writtenApps()) {
      const deployment = deployed.get(app);
      expect(deployment).toBeDefined();
      expect(deployment?.template.metadata.labels).toMatchObject(deployment?.selector.matchLabels ?? {});
      expect(deployment?.template.spec.containers[0].command).toEqual(['node', `dist/apps/${app}/src/main.js`]);
    }
  });

  it('probes the gateway on /api/health and the other apps with the Redis probe', () => {
    for (const [name, deployment] of deployments()) {
      const [container] = deployment.template.spec.containers;
      if (name === 'gateway') {
        expect(container.readinessProbe?.httpGet?.path).toBe('/api/health');
        expect(container.livenessProbe?.tcpSocket).toBeDefined();
      } else {
        expect(container.readinessProbe?.exec?.command).toEqual(['node', 'scripts/redis-probe.js']);
        expect(container.livenessProbe?.exec?.command).toEqual(['node', 'scripts/redis-probe.js']);
      }
    }
    expect(existsSync(join(ROOT, 'scripts', 'redis-probe.js'))).toBe(true);
  });

  it("scales each worker with KEDA on its queue's BullMQ wait list", () => {
    const scaled = manifests()
      .filter(({ manifest }) => manifest.kind === 'ScaledObject')
      .map(
        ({ manifest }) =>
          manifest.spec as { scaleTargetRef: { name: string }; triggers: { metadata: { listName: string } }[] },
      );
    const workers = writtenApps().filter((app) => app.startsWith('worker-'));
    expect(scaled.map((object) => object.scaleTargetRef.name)).toEqual(expect.arrayContaining(workers));
    for (const object of scaled) {
      const queue = object.scaleTargetRef.name.slice('worker-'.length);
      expect(new FlowCatalogue(new DomainRegistry(DOMAINS)).queues()).toContain(queue);
      expect(object.triggers[0].metadata.listName).toBe(`relais:${queue}:wait`);
    }
  });
});
