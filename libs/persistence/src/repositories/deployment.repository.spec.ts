import type { DeploymentDefinition } from '@relais/contracts';
import { useMigratedDatabase } from '../../../../test/support/migrated-database';
import { DeploymentRepository } from './deployment.repository';

const hourly: DeploymentDefinition = {
  name: 'hourly-check',
  flow: 'ops.health-check',
  description: 'Hourly',
  parameters: { alert_threshold: 70, detailed: false },
  schedule: { cron: '0 * * * *' },
  tags: ['ops'],
};
const everyQuarter: DeploymentDefinition = {
  name: 'quarterly-check',
  flow: 'ops.health-check',
  description: 'Every 15 minutes',
  parameters: { alert_threshold: 60 },
  schedule: { everyMs: 15 * 60 * 1000 },
  catchUp: 'fire_once',
  pausedByDefault: true,
  tags: ['ops', 'monitoring'],
};
const manual: DeploymentDefinition = {
  name: 'manual-check',
  flow: 'ops.health-check',
  description: 'Run by hand',
  parameters: {},
  schedule: { cron: '30 2 * * 1', timezone: 'UTC' },
  tags: [],
};

describe('DeploymentRepository', () => {
  const db = useMigratedDatabase();
  let deployments: DeploymentRepository;
  beforeAll(() => {
    deployments = new DeploymentRepository(db.dataSource);
  });

  it('writes the catalogue, keeps runtime state across syncs, and flags deployments that left it', async () => {
    await deployments.syncCatalogue([hourly, everyQuarter], 'Europe/Paris');

    expect(await deployments.findAll()).toEqual([
      expect.objectContaining({
        name: 'hourly-check',
        flowName: 'ops.health-check',
        scheduleCron: '0 * * * *',
        scheduleTimezone: 'Europe/Paris',
        scheduleEveryMs: null,
        catchUp: 'skip',
        paused: false,
        inCatalogue: true,
        parameters: { alert_threshold: 70, detailed: false },
        tags: ['ops'],
      }),
      expect.objectContaining({
        name: 'quarterly-check',
        scheduleCron: null,
        scheduleTimezone: null,
        scheduleEveryMs: 900_000,
        catchUp: 'fire_once',
        paused: true,
        inCatalogue: true,
        tags: ['ops', 'monitoring'],
      }),
    ]);
    const created = await deployments.findByName('hourly-check');

    // Runtime changes made while the scheduler runs.
    await deployments.setPaused(['hourly-check'], true);
    await deployments.setPaused(['quarterly-check'], false);
    await deployments.recordFiring('hourly-check', 'run-1', 1_732_190_000_000, 1_732_193_600_000);

    // Next start: hourly changed its description, quarterly left the catalogue, manual arrived.
    await deployments.syncCatalogue([{ ...hourly, description: 'Hourly, reworded' }, manual], 'Europe/Paris');

    const after = await deployments.findAll();
    expect(after.map((row) => row.name)).toEqual(['hourly-check', 'manual-check', 'quarterly-check']);
    expect(after[0]).toMatchObject({
      description: 'Hourly, reworded',
      paused: true,
      inCatalogue: true,
      lastRunAt: 1_732_190_000_000,
      lastRunId: 'run-1',
      nextRunAt: 1_732_193_600_000,
      createdAt: created?.createdAt,
    });
    expect(after[1]).toMatchObject({
      scheduleCron: '30 2 * * 1',
      scheduleTimezone: 'UTC',
      paused: false,
      inCatalogue: true,
    });
    expect(after[2]).toMatchObject({ inCatalogue: false, paused: false });

    // Back in the catalogue: its paused flag is the database's, not pausedByDefault.
    await deployments.syncCatalogue([hourly, everyQuarter, manual], 'Europe/Paris');
    expect(await deployments.findByName('quarterly-check')).toMatchObject({ inCatalogue: true, paused: false });
  });

  it('an empty catalogue flags every deployment as gone', async () => {
    await deployments.syncCatalogue([], 'Europe/Paris');
    const rows = await deployments.findAll();
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((row) => !row.inCatalogue)).toBe(true);
  });

  it('"resume all" resumes what "pause all" paused, not what was paused before or by name since', async () => {
    // Names of their own: the earlier tests left hourly and the others in states of their own.
    const [active, byDefault, byHand] = [hourly, everyQuarter, manual].map((definition) => ({
      ...definition,
      name: `all-${definition.name}`,
    }));
    const names = [active.name, byDefault.name, byHand.name];
    await deployments.syncCatalogue([active, byDefault, byHand], 'UTC');
    await deployments.setPaused([byHand.name], true);
    const states = async (): Promise<Record<string, [boolean, boolean]>> =>
      Object.fromEntries(
        (await deployments.findAll())
          .filter((row) => names.includes(row.name))
          .map((row) => [row.name, [row.paused, row.pausedByAll]]),
      );
    // [paused, paused by "pause all"]: byDefault is paused by its definition, byHand by name.
    const before = { [active.name]: [false, false], [byDefault.name]: [true, false], [byHand.name]: [true, false] };
    expect(await states()).toEqual(before);

    expect(await deployments.pauseAsAll(names)).toEqual([active.name]);
    expect(await states()).toEqual({ ...before, [active.name]: [true, true] });
    // A second "pause all" changes nothing, and a catalogue sync keeps the mark.
    expect(await deployments.pauseAsAll(names)).toEqual([]);
    await deployments.syncCatalogue([active, byDefault, byHand], 'UTC');
    expect(await states()).toEqual({ ...before, [active.name]: [true, true] });

    expect(await deployments.resumePausedByAll()).toEqual([active.name]);
    expect(await states()).toEqual(before);
    expect(await deployments.resumePausedByAll()).toEqual([]);

    // Paused by name after "pause all": the operator's own decision now, so the mark goes.
    await deployments.pauseAsAll([active.name]);
    await deployments.setPaused([active.name], true);
    expect(await deployments.resumePausedByAll()).toEqual([]);
    expect(await states()).toEqual({ ...before, [active.name]: [true, false] });
  });

  it('stores the next firing time and clears it', async () => {
    await deployments.syncCatalogue([hourly], 'Europe/Paris');
    await deployments.setNextRunAt('hourly-check', 1_800_000_000_000);
    expect((await deployments.findByName('hourly-check'))?.nextRunAt).toBe(1_800_000_000_000);
    await deployments.setNextRunAt('hourly-check', null);
    expect((await deployments.findByName('hourly-check'))?.nextRunAt).toBeNull();
    await deployments.setPaused([], true);
    expect(await deployments.findByName('no-such-deployment')).toBeNull();
  });
});
