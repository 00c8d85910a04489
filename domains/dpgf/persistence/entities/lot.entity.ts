import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A lot of a schedule (usually one sheet of the workbook). */
@Entity('lots')
export class LotEntity {
  @PrimaryGeneratedColumn({ name: 'id_lot' }) id: number;
  @Column({ name: 'id_dpgf', type: 'int' }) dpgfId: number;
  @Column({ name: 'numero_lot', type: 'varchar', length: 20, nullable: true }) number: string | null;
  @Column({ name: 'nom_lot', type: 'varchar', length: 500 }) name: string;
  @Column({ name: 'feuille', type: 'varchar', length: 255 }) sheet: string;
}
