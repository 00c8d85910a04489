/**
 * The BullMQ queue of the RAG (DoctorPy) domain's flows.
 *
 * WARNING: a queue name is stored in Redis with every job. Renaming it strands the jobs already waiting in the
 * old queue: drain the queue first, or run a worker on both names during the change.
 */
export const RAG_QUEUE = 'rag';
