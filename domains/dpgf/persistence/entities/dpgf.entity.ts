import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Where an offer stands: still being priced, won, or lost. */
export type OfferStatus = 'en_cours' | 'acceptee' | 'refusee';

/** One imported price schedule (DPGF, BPU or DQE) of a client's project. */
@Entity('dpgf')
export class DpgfEntity {
  @PrimaryGeneratedColumn({ name: 'id_dpgf' }) id: number;
  @Column({ name: 'id_client', type: 'int' }) clientId: number;
  @Column({ name: 'id_import', type: 'int' }) importId: number;
  @Column({ name: 'nom_projet', type: 'varchar', length: 500 }) project: string;
  @Column({ name: 'date_dpgf', type: 'date', nullable: true }) date: string | null;
  @Column({ name: 'statut_offre', type: 'varchar', length: 10 }) status: OfferStatus;
  @Column({ name: 'fichier_source', type: 'varchar', length: 1000 }) sourceFile: string;
  @Column({ name: 'type_document', type: 'varchar', length: 4 }) type: string;
}
