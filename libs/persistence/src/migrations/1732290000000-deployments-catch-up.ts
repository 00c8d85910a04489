import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * A deployment's catch-up policy (`skip` or `fire_once`): what the scheduler does with the firings it missed while
 * every replica was down or the one holding the trigger died. Existing deployments keep today's behaviour, skip.
 */
export class DeploymentsCatchUp1732290000000 implements MigrationInterface {
  name = 'DeploymentsCatchUp1732290000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn(
      'deployments',
      new TableColumn({ name: 'catch_up', type: 'varchar', length: '16', isNullable: false, default: "'skip'" }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('deployments', 'catch_up');
  }
}
