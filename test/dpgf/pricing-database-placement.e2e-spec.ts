import { Logger } from '@nestjs/common';
import { dirname, join } from 'node:path';
import { DataSource } from 'typeorm';
import { RunLauncher } from '@relais/engine';
import { DPGF_ENTITIES, DPGF_MIGRATIONS, PricingImportRepository } from '@relais/domains/dpgf/persistence';
import { domainDataSourceToken, openDatabase } from '@relais/persistence';
import { WorkerDpgfModule } from '../../apps/worker-dpgf/src/worker-dpgf.module';
import { startWorker } from '../engine/engine-harness';
import { testConfig, testDbKind } from '../support/test-env';
import { startDpgfWorld, type DpgfWorld } from './dpgf-worker-harness';

describe('The pricing database beside Relais’s own, with DPGF_DATABASE_URL unset', () => {
  let world: DpgfWorld;

  beforeAll(async () => {
    world = await startDpgfWorld();
  });

  afterAll(async () => {
    await world.stop();
  });

  // CI saw dpgf.workflow stall for a minute: an import's transaction held the SQLite file's only write lock
  // while it parsed, and the same process's engine write then waited out busy_timeout synchronously, which
  // froze the event loop the import needed to finish (and lost the run's lease).
  it('an import in progress does not hold up Relais’s own writes in the same process', async () => {
    let letTheImportEnd!: () => void;
    const held = new Promise<void>((resolve) => (letTheImportEnd = resolve));
    let importHoldsItsTransaction!: () => void;
    const importStarted = new Promise<void>((resolve) => (importHoldsItsTransaction = resolve));
    const importing = world.worker.get(PricingImportRepository).importStreamed(
      { source: 'file', sourceId: 'held.xlsx', path: 'held.xlsx', sha256: 'e'.repeat(64), sizeBytes: 1 },
      'DPGF',
      async () => {
        importHoldsItsTransaction();
        await held;
        throw new Error('the test ends the import here (it rolls back)');
      },
      10,
    );
    await importStarted;
    try {
      const { run } = await world.worker.get(RunLauncher).launch('dpgf.workflow', { dry_run: true });
      expect(await world.runs.findById(run.id)).toMatchObject({ id: run.id });
    } finally {
      letTheImportEnd();
      await expect(importing).rejects.toThrow(/rolls back/);
    }
  });

  if (testDbKind() === 'sqlite') {
    it('on SQLite, is a file of its own in the same directory (SQLite has one writer per file)', () => {
      const own = world.pricing.options.database as string;
      const relais = world.worker.get(DataSource).options.database as string;
      expect(own).toBe(join(dirname(relais), 'dpgf.sqlite'));
    });

    it('warns at start when Relais’s file still holds the pricing tables of an earlier version', async () => {
      const setup = await testConfig({ DPGF_FOLDER_ROOTS: world.root });
      const warn = jest.spyOn(Logger.prototype, 'warn');
      try {
        // What an earlier version left: the pricing tables migrated into Relais's own file.
        const earlier = await openDatabase(setup.config.database, {
          entities: DPGF_ENTITIES,
          migrations: DPGF_MIGRATIONS,
          migrationsTableName: 'dpgf_migrations',
        });
        await earlier.destroy();
        const worker = await startWorker(setup.config, WorkerDpgfModule);
        await worker.close();
        const warnings = warn.mock.calls.map(([message]) => String(message));
        expect(warnings).toContainEqual(expect.stringMatching(/still holds the dpgf tables of an earlier version/));
        expect(warnings.filter((message) => /earlier version/.test(message))).toHaveLength(1);
        // A fresh install (the world above) is not warned about.
        warn.mockClear();
        const fresh = await startWorker(world.setup.config, WorkerDpgfModule);
        await fresh.close();
        expect(warn.mock.calls.map(([message]) => String(message))).not.toContainEqual(
          expect.stringMatching(/earlier version/),
        );
      } finally {
        warn.mockRestore();
        await setup.cleanup();
      }
    });
  } else {
    it('on MariaDB, is Relais’s own database (row locks let an import and the engine write at once)', () => {
      expect(world.pricing).not.toBe(world.worker.get(DataSource));
      expect(world.pricing.driver.database).toBe(world.worker.get(DataSource).driver.database);
    });
  }

  it('is known to the process under the domain’s token', () => {
    expect(world.worker.get(domainDataSourceToken('dpgf'))).toBe(world.pricing);
  });
});
