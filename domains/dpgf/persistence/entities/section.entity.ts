import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A numbered title of a lot; sections nest through their parent. */
@Entity('sections')
export class SectionEntity {
  @PrimaryGeneratedColumn({ name: 'id_section' }) id: number;
  @Column({ name: 'id_lot', type: 'int' }) lotId: number;
  @Column({ name: 'section_parent_id', type: 'int', nullable: true }) parentId: number | null;
  @Column({ name: 'numero_section', type: 'varchar', length: 30, nullable: true }) number: string | null;
  @Column({ name: 'titre_section', type: 'text' }) title: string;
  @Column({ name: 'niveau_hierarchique', type: 'int' }) level: number;
}
