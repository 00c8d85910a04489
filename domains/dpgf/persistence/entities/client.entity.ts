import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A maître d'ouvrage: whoever a schedule is priced for. */
@Entity('clients')
export class ClientEntity {
  @PrimaryGeneratedColumn({ name: 'id_client' }) id: number;
  @Column({ name: 'nom_client', type: 'varchar', length: 255 }) name: string;
}
