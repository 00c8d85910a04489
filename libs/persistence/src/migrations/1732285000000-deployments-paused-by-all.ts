import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Which deployments "pause all" paused, so that "resume all" resumes those and no other: without it, resume all
 * also woke deployments paused by hand or paused by default until someone configures them.
 */
export class DeploymentsPausedByAll1732285000000 implements MigrationInterface {
  name = 'DeploymentsPausedByAll1732285000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn(
      'deployments',
      new TableColumn({ name: 'paused_by_all', type: 'smallint', default: 0 }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('deployments', 'paused_by_all');
  }
}
