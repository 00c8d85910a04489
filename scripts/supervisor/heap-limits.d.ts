// Types of heap-limits.js (the supervisor is plain JavaScript: it runs before anything is built) for the
// TypeScript that starts apps too: the benchmarks and the tests.

/** The heap limit of each app in MB, by nest-cli.json project name. */
export const HEAP_LIMITS_MB: Readonly<Record<string, number>>;
/** The variable overriding an app's heap limit: `worker-documents` → `RELAIS_HEAP_MB_WORKER_DOCUMENTS`. */
export function heapVariable(app: string): string;
/** The app's heap limit in MB: its variable when set, else its default; throws an Error naming the variable at fault. */
export function heapLimitMb(app: string, env?: NodeJS.ProcessEnv): number;
/** The node arguments that start the app with its heap limit, before its script. */
export function heapArguments(app: string, env?: NodeJS.ProcessEnv): string[];
