import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { HEAP_LIMITS_MB, heapLimitMb, heapVariable } from '../../scripts/supervisor/heap-limits';
import { registeredApps, ROOT } from './relais-start.session';

// The supervisor is plain JavaScript (it runs before anything is built).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startSettings } = require('../../scripts/supervisor/start-settings') as {
  startSettings: (env: NodeJS.ProcessEnv) => { apps: { name: string; nodeArgs: string[] }[] };
};

/*
 * Each app's V8 heap limit is declared once (scripts/supervisor/heap-limits.js); these checks keep every launcher
 * in step with it: `npm start`'s supervisor, docker-compose.yml, k8s/, the Dockerfile and the benchmarks.
 */

const read = (path: string): string => readFileSync(join(ROOT, path), 'utf8');

/** A Kubernetes memory quantity in MiB (`512Mi`, `2Gi`). */
function mebibytes(quantity: string): number {
  const match = /^(\d+)(Mi|Gi)$/.exec(quantity);
  if (!match) throw new Error(`unexpected memory quantity ${quantity}`);
  return Number(match[1]) * (match[2] === 'Gi' ? 1024 : 1);
}

interface Container {
  env?: { name: string; value?: string }[];
  resources?: { limits?: { memory?: string } };
}

describe('Each app’s heap limit (scripts/supervisor/heap-limits.js)', () => {
  it('is declared for every app nest-cli.json registers, and for no other', () => {
    expect(Object.keys(HEAP_LIMITS_MB).sort()).toEqual(registeredApps().sort());
  });

  it('is what the supervisor of npm start gives each app, unless its RELAIS_HEAP_MB_<APP> overrides it', () => {
    const byDefault = startSettings({});
    for (const app of byDefault.apps)
      expect(app.nodeArgs).toEqual([`--max-old-space-size=${HEAP_LIMITS_MB[app.name]}`]);

    const overridden = startSettings({ RELAIS_HEAP_MB_WORKER_DOCUMENTS: '512' });
    expect(overridden.apps.find((app) => app.name === 'worker-documents')?.nodeArgs).toEqual([
      '--max-old-space-size=512',
    ]);
    expect(overridden.apps.find((app) => app.name === 'gateway')?.nodeArgs).toEqual([
      `--max-old-space-size=${HEAP_LIMITS_MB.gateway}`,
    ]);
  });

  it('refuses an override that is not a number of MB, naming the variable', () => {
    for (const bad of ['lots', '12.5', '0', '32', '100000'])
      expect(() => startSettings({ RELAIS_HEAP_MB_WORKER_DPGF: bad })).toThrow(/^RELAIS_HEAP_MB_WORKER_DPGF must be/);
    expect(() => heapLimitMb('worker-unknown', {})).toThrow(/add it to scripts\/supervisor\/heap-limits\.js/);
  });

  it('is each docker-compose service’s NODE_OPTIONS, overridable from .env', () => {
    const { services } = parse(read('docker-compose.yml'), { merge: true }) as {
      services: Record<string, { environment?: Record<string, string> }>;
    };
    for (const app of registeredApps()) {
      expect(services[app].environment?.NODE_OPTIONS).toBe(
        `--max-old-space-size=\${${heapVariable(app)}:-${HEAP_LIMITS_MB[app]}}`,
      );
    }
  });

  it('is each Kubernetes Deployment’s NODE_OPTIONS, under a memory limit with 256 MiB to spare', () => {
    for (const app of registeredApps()) {
      const deployment = parseAllDocuments(read(`k8s/${app}.yaml`))
        .map(
          (document) => document.toJS() as { kind: string; spec: { template: { spec: { containers: Container[] } } } },
        )
        .find((object) => object.kind === 'Deployment');
      const [container] = deployment?.spec.template.spec.containers ?? [];
      const nodeOptions = container.env?.find((variable) => variable.name === 'NODE_OPTIONS');
      expect({ app, nodeOptions: nodeOptions?.value }).toEqual({
        app,
        nodeOptions: `--max-old-space-size=${HEAP_LIMITS_MB[app]}`,
      });
      const limit = mebibytes(container.resources?.limits?.memory ?? '0Mi');
      expect({ app, spare: limit - HEAP_LIMITS_MB[app] >= 256 }).toEqual({ app, spare: true });
    }
  });

  it('is what each app’s npm script (npm run start:<app>) starts it with, overridable the same way', () => {
    const { scripts } = JSON.parse(read('package.json')) as { scripts: Record<string, string> };
    for (const app of registeredApps()) {
      expect(scripts[`start:${app}`]).toBe(
        `node --max-old-space-size=\${${heapVariable(app)}:-${HEAP_LIMITS_MB[app]}} dist/apps/${app}/src/main.js`,
      );
    }
  });

  it('is the gateway’s in the Dockerfile (its default command) and the workers’ in the benchmarks that start them', () => {
    expect(read('Dockerfile')).toContain(`NODE_OPTIONS=--max-old-space-size=${HEAP_LIMITS_MB.gateway}\n`);
    expect(read('bench/ingest/main.ts')).toContain(`heapArguments('worker-documents', env)`);
    expect(read('bench/dpgf/main.ts')).toContain(`heapArguments('worker-dpgf')`);
  });

  it('has its override documented in docs/configuration.md and .env.example', () => {
    for (const app of registeredApps()) {
      expect(read('docs/configuration.md')).toContain(`\`${heapVariable(app)}\``);
      expect(read('.env.example')).toContain(`${heapVariable(app)}=`);
    }
  });
});
