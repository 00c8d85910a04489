import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { booleanInt } from '@relais/persistence';
import { decimalNumber } from './decimal-number';

/** A priced work item of a section. */
@Entity('elements_ouvrage')
export class ElementOuvrageEntity {
  @PrimaryGeneratedColumn({ name: 'id_element' }) id: number;
  @Column({ name: 'id_section', type: 'int' }) sectionId: number;
  @Column({ name: 'numero_article', type: 'varchar', length: 50, nullable: true }) article: string | null;
  @Column({ name: 'designation_exacte', type: 'text' }) designation: string;
  @Column({ name: 'unite', type: 'varchar', length: 30, nullable: true }) unit: string | null;
  @Column({ name: 'quantite', type: 'decimal', precision: 12, scale: 3, nullable: true, transformer: decimalNumber })
  quantity: number | null;
  @Column({
    name: 'prix_unitaire_ht',
    type: 'decimal',
    precision: 15,
    scale: 2,
    nullable: true,
    transformer: decimalNumber,
  })
  unitPrice: number | null;
  @Column({
    name: 'prix_total_ht',
    type: 'decimal',
    precision: 18,
    scale: 2,
    nullable: true,
    transformer: decimalNumber,
  })
  total: number | null;
  @Column({ name: 'offre_acceptee', type: 'boolean', transformer: booleanInt }) accepted: boolean;
  @Column({ name: 'ecart_calcul', type: 'boolean', transformer: booleanInt }) mismatch: boolean;
  @Column({ name: 'ligne_source', type: 'int' }) row: number;
}
