import { RagPages1733700000000 } from './migrations/1733700000000-rag-pages';
import { RagPageEntity } from './rag-page.entity';

export * from './typeorm-page-manifest';
export { RagPageEntity, RagPages1733700000000 };

/** The RAG domain's entities, in Relais's database. */
export const RAG_ENTITIES = [RagPageEntity];

/** The RAG domain's migrations, in order; never edit one that has shipped. */
export const RAG_MIGRATIONS = [RagPages1733700000000];
