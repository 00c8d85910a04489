import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { parse, parseAllDocuments } from 'yaml';
import { loadConfig } from '@relais/config';
import { DomainRegistry } from '@relais/domain-kit';
import { DOMAINS } from '@relais/domains';
import { FlowCatalogue } from '@relais/engine';
import { renderKustomization, type RenderedObject } from '../support/kustomization-renderer';
import { registeredApps, ROOT } from './relais-start.session';

/*
 * Docker and Kubernetes cannot run on the CI machine: these checks validate docker-compose.yml against the Compose
 * Specification and k8s/ (rendered as kubectl apply -k would) against the Kubernetes API and KEDA schemas, offline
 * (test/fixtures/schemas/), and keep them in step with the apps (a new worker app without its service,
 * deployment, disruption budget or scaler fails here).
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
  resources?: { requests?: { cpu?: string; memory?: string }; limits?: { memory?: string } };
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

/** Ajv for the vendored schemas: their formats (int32, duration…) are descriptive, and kubernetes.schema.json
 * carries its `kinds` index beside the definitions, hence not strict. */
function schemaValidator(): Ajv {
  return new Ajv({ allErrors: true, strict: false, validateFormats: false });
}

function describeErrors(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map(
    (error) => `${error.instancePath || '/'} ${error.message ?? ''} ${JSON.stringify(error.params)}`,
  );
}

/** Validates an object of k8s/ against the schema of its apiVersion and kind: the problems found, none if valid. */
function kubernetesValidator(): (object: RenderedObject['object']) => string[] {
  const schema = JSON.parse(read('test/fixtures/schemas/kubernetes.schema.json')) as { kinds: Record<string, string> };
  const ajv = schemaValidator().addSchema(schema);
  const compiled = new Map<string, ValidateFunction>();
  return (object) => {
    const key = `${object.apiVersion}/${object.kind}`;
    const definition = schema.kinds[key];
    if (!definition) return [`no schema for ${key}: add it to scripts/vendor-manifest-schemas.js`];
    const validate = compiled.get(key) ?? ajv.compile({ $ref: `kubernetes#/definitions/${definition}` });
    compiled.set(key, validate);
    return validate(object) ? [] : describeErrors(validate.errors);
  };
}

/** What `kubectl apply -k k8s/` and `kubectl apply -k k8s/autoscaling/` send. */
function rendered(): RenderedObject[] {
  return [...renderKustomization(ROOT, 'k8s'), ...renderKustomization(ROOT, 'k8s/autoscaling')];
}

// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the caller names the spec's shape
function renderedOfKind<T>(kind: string): { name: string; spec: T; labels: Record<string, string> }[] {
  return rendered()
    .filter(({ object }) => object.kind === kind)
    .map(({ object }) => ({
      name: object.metadata.name,
      spec: object.spec as T,
      labels: object.metadata.labels ?? {},
    }));
}

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

  it('is valid against the Compose Specification', () => {
    const ajv = schemaValidator();
    // The Compose schema names draft-07 by its https address; Ajv knows it by the http one.
    const draft07 = ajv.getSchema('http://json-schema.org/draft-07/schema')?.schema as object;
    ajv.addMetaSchema({ ...draft07, $id: 'https://json-schema.org/draft-07/schema' });
    const validate = ajv.compile(JSON.parse(read('test/fixtures/schemas/compose-spec.json')) as object);
    expect(validate(compose) ? [] : describeErrors(validate.errors)).toEqual([]);
    // Not vacuous: a misspelt field is refused.
    const misspelt = { ...compose, services: { ...services, redis: { ...services.redis, helthcheck: {} } } };
    expect(validate(misspelt)).toBe(false);
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
    const apps = [...deployments()].filter(([name]) => name !== 'chroma');
    expect(apps.map(([name]) => name)).toEqual(expect.arrayContaining(writtenApps()));
    for (const [name, deployment] of apps) {
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

  it.each([
    ['redis-cluster', (queue: string) => `{relais}:${queue}:wait`],
    ['redis-sentinel', (queue: string) => `relais:${queue}:wait`],
  ])('scales each worker on a %s with its KEDA scaler and the keys Relais writes there', (topology, waitList) => {
    const base = renderKustomization(ROOT, 'k8s/autoscaling');
    const variant = renderKustomization(ROOT, `k8s/autoscaling/${topology}`);
    expect(variant.map(({ object }) => object.metadata.name)).toEqual(base.map(({ object }) => object.metadata.name));
    const validate = kubernetesValidator();
    const config = rendered().find(({ object }) => object.kind === 'ConfigMap')?.object as unknown as {
      data: Record<string, string>;
    };
    for (const { object } of variant) {
      expect([object.metadata.name, validate(object)]).toEqual([object.metadata.name, []]);
      const spec = object.spec as {
        scaleTargetRef: { name: string };
        triggers: { type: string; metadata: Record<string, string> }[];
      };
      const [trigger] = spec.triggers;
      expect(trigger.type).toBe(topology);
      expect(trigger.metadata.listName).toBe(waitList(spec.scaleTargetRef.name.slice('worker-'.length)));
      // KEDA reads *FromEnv from the worker's container, which has relais-config.
      const fromEnv = Object.entries(trigger.metadata).filter(([key]) => key.endsWith('FromEnv'));
      expect(fromEnv.map(([key]) => key)).toContain('addressesFromEnv');
      for (const [, variable] of fromEnv) expect(config.data[variable]).toEqual(expect.any(String));
    }
    // The key names are what Relais writes on that topology.
    const prefix = loadConfig(
      {
        REDIS_URL: topology === 'redis-cluster' ? 'redis+cluster://n1:7000' : 'redis+sentinel://s1:26379/m',
        REDIS_PREFIX: config.data.REDIS_PREFIX,
      },
      { dotenv: false },
    ).redisPrefix;
    expect(waitList('ops').startsWith(`${prefix}:`)).toBe(true);
  });

  it('renders (kubectl apply -k) into objects that the Kubernetes 1.36 and KEDA schemas accept', () => {
    const validate = kubernetesValidator();
    // The secret example is never applied, but it is what people copy.
    const secretExample = {
      file: 'k8s/secret.example.yaml',
      object: parse(read('k8s/secret.example.yaml')) as RenderedObject['object'],
    };
    const objects = [...rendered(), secretExample];
    expect(objects.length).toBeGreaterThan(20);
    const problems = objects.flatMap(({ file, object }) =>
      validate(object).map((problem) => `${file} ${object.kind}/${object.metadata.name}: ${problem}`),
    );
    expect(problems).toEqual([]);
    for (const { object } of objects) if (object.kind !== 'Namespace') expect(object.metadata.namespace).toBe('relais');
  });

  it('refuses a misspelt field, a wrong type and a missing required field (strict schemas)', () => {
    const validate = kubernetesValidator();
    const gateway = rendered().find(({ object }) => object.kind === 'Deployment' && object.metadata.name === 'gateway');
    const broken = JSON.parse(JSON.stringify(gateway?.object)) as RenderedObject['object'] & {
      spec: { replicas: unknown; selector?: unknown; template: { spec: { containers: Record<string, unknown>[] } } };
    };
    broken.spec.template.spec.containers[0].readinesProbe = broken.spec.template.spec.containers[0].readinessProbe;
    broken.spec.replicas = 'two';
    delete broken.spec.selector;
    expect(validate(broken)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/must NOT have additional properties .*readinesProbe/),
        expect.stringMatching(/^\/spec\/replicas must be integer/),
        expect.stringMatching(/^\/spec must have required property 'selector'/),
      ]),
    );
  });

  it('gives every container probes and resource requests, and every app a disruption budget', () => {
    for (const { name, spec } of renderedOfKind<DeploymentSpec>('Deployment')) {
      for (const container of spec.template.spec.containers) {
        const where = `${name}/${container.name}`;
        expect([where, Boolean(container.readinessProbe && container.livenessProbe)]).toEqual([where, true]);
        expect([where, container.resources]).toEqual([
          where,
          {
            requests: { cpu: expect.any(String) as string, memory: expect.any(String) as string },
            limits: { memory: expect.any(String) as string },
          },
        ]);
      }
    }
    const budgets = renderedOfKind<{ selector: { matchLabels: Record<string, string> } }>('PodDisruptionBudget');
    const deployed = deployments();
    for (const app of writtenApps()) {
      const labels = deployed.get(app)?.template.metadata.labels ?? {};
      const budget = budgets.find(({ spec }) =>
        Object.entries(spec.selector.matchLabels).every(([key, value]) => labels[key] === value),
      );
      expect([app, budget?.name]).toEqual([app, app]);
    }
  });

  it('lets only the gateway be reached: ingress is denied to every pod but the gateway and, from Relais, Chroma', () => {
    interface PolicySpec {
      podSelector: { matchLabels?: Record<string, string> };
      policyTypes: string[];
      ingress?: { from?: { podSelector?: { matchLabels: Record<string, string> } }[] }[];
    }
    const policies = renderedOfKind<PolicySpec>('NetworkPolicy').map(({ spec }) => spec);
    expect(policies).toContainEqual({ podSelector: {}, policyTypes: ['Ingress'] });
    const open = policies.filter((policy) => policy.ingress?.some((rule) => !rule.from));
    expect(open.map((policy) => policy.podSelector.matchLabels)).toEqual([{ 'app.kubernetes.io/name': 'gateway' }]);
    const fromRelais = policies.filter((policy) => policy.ingress?.some((rule) => rule.from));
    expect(fromRelais.map((policy) => [policy.podSelector.matchLabels, policy.ingress?.[0].from])).toEqual([
      [
        { 'app.kubernetes.io/name': 'chroma' },
        [{ podSelector: { matchLabels: { 'app.kubernetes.io/part-of': 'relais' } } }],
      ],
    ]);
  });

  it('runs Chroma in its own Deployment, on its own volume, behind the Service that CHROMA_URL names', () => {
    const chroma = deployments().get('chroma') as DeploymentSpec & { strategy: { type: string } };
    expect(chroma.strategy.type).toBe('Recreate');
    const objects = rendered().map(({ object }) => `${object.kind}/${object.metadata.name}`);
    expect(objects).toEqual(expect.arrayContaining(['Service/chroma', 'PersistentVolumeClaim/chroma-data']));
    const { data } = parse(read('k8s/configmap.yaml')) as { data: Record<string, string> };
    expect(data.CHROMA_URL).toBe('http://chroma.relais.svc.cluster.local:8000');
    const composeChroma = (parse(read('docker-compose.yml')) as { services: Record<string, ComposeService> }).services
      .chroma.image;
    expect(chroma.template.spec.containers[0].image).toBe(composeChroma);
  });
});
