import type { AnyDomain } from '@relais/domain-kit';
import { DOCUMENTS_DOMAIN } from './documents/documents.domain';
import { DPGF_DOMAIN } from './dpgf/dpgf.domain';
import { OPS_DOMAIN } from './ops/ops.domain';
import { RAG_DOMAIN } from './rag/rag.domain';
import { SCRUTART_DOMAIN } from './scrutart/scrutart.domain';

/**
 * Every domain Relais ships: the one list the apps hand to the shared libs (flow and deployment catalogues,
 * tables and migrations, settings, secrets, gateway routes). Adding a domain adds a line here and nothing else
 * shared — docs/adding-a-domain.md is the checklist.
 */
export const DOMAINS: readonly AnyDomain[] = [OPS_DOMAIN, SCRUTART_DOMAIN, DOCUMENTS_DOMAIN, DPGF_DOMAIN, RAG_DOMAIN];
