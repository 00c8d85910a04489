import { Injectable } from '@nestjs/common';
import { DataSource, type Repository } from 'typeorm';
import { ArtifactEntity } from '../entities';

@Injectable()
export class ArtifactRepository {
  private readonly artifacts: Repository<ArtifactEntity>;

  constructor(dataSource: DataSource) {
    this.artifacts = dataSource.getRepository(ArtifactEntity);
  }

  async insert(artifact: ArtifactEntity): Promise<void> {
    await this.artifacts.insert(artifact);
  }

  findById(id: string): Promise<ArtifactEntity | null> {
    return this.artifacts.findOneBy({ id });
  }

  findByRun(runId: string): Promise<ArtifactEntity[]> {
    return this.artifacts.find({ where: { runId }, order: { createdAt: 'ASC' } });
  }

  /** The newest reports with this key (a series such as successive health reports). */
  findLatestByKey(key: string, limit: number): Promise<ArtifactEntity[]> {
    return this.artifacts.find({ where: { key }, order: { createdAt: 'DESC' }, take: limit });
  }
}
