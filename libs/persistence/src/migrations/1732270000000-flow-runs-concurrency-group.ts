import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * A run's concurrency group (`{key, limit}` as JSON), which only its first BullMQ job used to carry: a run
 * re-enqueued by the reconciler or retried by hand escaped its batch's limit.
 */
export class FlowRunsConcurrencyGroup1732270000000 implements MigrationInterface {
  name = 'FlowRunsConcurrencyGroup1732270000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn(
      'flow_runs',
      new TableColumn({ name: 'concurrency_group', type: 'text', isNullable: true }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('flow_runs', 'concurrency_group');
  }
}
