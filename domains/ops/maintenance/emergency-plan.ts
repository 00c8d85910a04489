/** An action maintenance can take; each is one durable step of its flow. */
export type MaintenanceAction =
  | 'measure-system'
  | 'backup-database'
  | 'prune-backups'
  | 'archive-logs'
  | 'delete-old-runs'
  | 'delete-old-notifications'
  | 'trim-queues'
  | 'clean-temp'
  | 'check-database'
  | 'optimize-database'
  | 'measure-queues'
  | 'check-vector-store';

/** One kind of issue, the words that describe it (English and French, as the seeds' operators write) and its actions. */
export interface EmergencyResponse {
  issue: string;
  keywords: readonly string[];
  actions: readonly MaintenanceAction[];
}

/**
 * What `ops.emergency-maintenance` does for each kind of issue, in order. A description naming several issues
 * gets the union of their actions, in this table's order; one naming none gets a diagnosis (DIAGNOSIS).
 */
export const EMERGENCY_RESPONSES: readonly EmergencyResponse[] = [
  {
    issue: 'disk',
    keywords: ['disk', 'space', 'full', 'storage', 'inode', 'disque', 'espace', 'plein'],
    actions: ['measure-system', 'clean-temp', 'prune-backups', 'archive-logs', 'trim-queues'],
  },
  {
    issue: 'memory',
    keywords: ['memory', 'ram', 'oom', 'heap', 'swap', 'mémoire', 'memoire'],
    actions: ['measure-system', 'trim-queues', 'measure-queues'],
  },
  {
    issue: 'database',
    keywords: ['database', 'sqlite', 'mysql', 'mariadb', 'sql', 'lock', 'corrupt', 'base de données', 'bdd'],
    actions: ['check-database', 'backup-database', 'optimize-database'],
  },
  {
    issue: 'queue',
    keywords: ['queue', 'backlog', 'stuck', 'redis', 'job', 'bullmq', "file d'attente", 'bloqué', 'bloque'],
    actions: ['measure-queues', 'trim-queues'],
  },
  {
    issue: 'vector store',
    keywords: ['vector', 'chroma', 'embedding', 'vectoriel', 'rag'],
    actions: ['check-vector-store'],
  },
];

/** The actions when the description names no known issue: look, change nothing. */
export const DIAGNOSIS: readonly MaintenanceAction[] = ['measure-system', 'check-database', 'measure-queues'];

/** The issues a description names and the actions to take, without duplicates, in the table's order. */
export function emergencyPlan(description: string): { issues: string[]; actions: MaintenanceAction[] } {
  const text = description.toLowerCase();
  const matched = EMERGENCY_RESPONSES.filter((response) =>
    response.keywords.some((keyword) =>
      new RegExp(`(^|[^\\p{L}])${escaped(keyword)}(s|es)?(?![\\p{L}])`, 'u').test(text),
    ),
  );
  if (matched.length === 0) return { issues: [], actions: [...DIAGNOSIS] };
  return {
    issues: matched.map((response) => response.issue),
    actions: [...new Set(matched.flatMap((response) => response.actions))],
  };
}

function escaped(keyword: string): string {
  return keyword.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
