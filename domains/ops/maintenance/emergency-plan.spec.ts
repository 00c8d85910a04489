import { DIAGNOSIS, emergencyPlan } from './emergency-plan';

describe('the emergency plan', () => {
  it('picks the disk actions for a full disk, in the table order', () => {
    expect(emergencyPlan('Disk almost full on the worker host')).toEqual({
      issues: ['disk'],
      actions: ['measure-system', 'clean-temp', 'prune-backups', 'archive-logs', 'trim-queues'],
    });
  });

  it('joins the actions of every issue named, each once, in French too', () => {
    const plan = emergencyPlan('Mémoire saturée et base de données lente');
    expect(plan.issues).toEqual(['memory', 'database']);
    expect(plan.actions).toEqual([
      'measure-system',
      'trim-queues',
      'measure-queues',
      'check-database',
      'backup-database',
      'optimize-database',
    ]);
  });

  it('matches words, not fragments of other words', () => {
    // "jobs" names the queue issue; "ramp" does not name memory.
    expect(emergencyPlan('ramp-up of jobs is slow').issues).toEqual(['queue']);
  });

  it('only diagnoses when nothing known is named', () => {
    expect(emergencyPlan('Something feels off')).toEqual({ issues: [], actions: [...DIAGNOSIS] });
  });
});
