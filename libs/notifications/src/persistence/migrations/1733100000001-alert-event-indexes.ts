import { TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The alert evaluator reads what changed since its cursor: runs that reached an end state by (state,
 * updated_at) and reports by created_at. Without these both reads would scan every run or report.
 */
export class AlertEventIndexes1733100000001 implements MigrationInterface {
  name = 'AlertEventIndexes1733100000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createIndex(
      'flow_runs',
      new TableIndex({ name: 'idx_flow_runs_state_updated', columnNames: ['state', 'updated_at', 'id'] }),
    );
    await queryRunner.createIndex(
      'artifacts',
      new TableIndex({ name: 'idx_artifacts_created', columnNames: ['created_at', 'id'] }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('artifacts', 'idx_artifacts_created');
    await queryRunner.dropIndex('flow_runs', 'idx_flow_runs_state_updated');
  }
}
