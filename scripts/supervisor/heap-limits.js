'use strict';
/*
 * Each app's V8 heap limit (`--max-old-space-size`, MB): the one place it is declared. Every launcher applies it:
 * the supervisor of `npm start` (as a node argument), `npm run start:<app>` (package.json), docker-compose.yml and
 * k8s/ (NODE_OPTIONS per app, with this default), the Dockerfile (the gateway's, its default command) and the
 * benchmarks that start workers.
 * test/start/heap-limits.spec.ts keeps them in step.
 *
 * Why a limit at all: without one, V8 sizes the old generation from the machine's memory and lets garbage pile up
 * while memory is free. On Node 26 (V8 14) the documents worker peaked at 587–629 MB of RSS during
 * `npm run bench:ingest` (480–488 MB on Node 20); with 256 MB it peaks at 468 MB at the same speed. The DPGF
 * import of a 53 MB workbook: 446–449 MB with the defaults, 337 MB with 256 MB (docs/benchmarks.md).
 *
 * Why these values (docs/benchmarks.md#memory): the documents worker ingests the 600-document corpus at the same
 * speed with 256 MB (399–483 MB of RSS, under its 500 MB target) and a 10 MB text file without running out (its
 * chunks are embedded and written 500 at a time); the DPGF worker streams a 53 MB workbook within it (337–387 MB);
 * the gateway's heap in the load benchmark at a million runs, seeding included, was 107–164 MB on SQLite. The
 * scheduler, worker-ops, worker-scrutart and worker-rag were not measured under load: they stream what can be large
 * and get the same. Overridable per app with RELAIS_HEAP_MB_<APP> (e.g. RELAIS_HEAP_MB_WORKER_DOCUMENTS=512): give
 * more to a worker whose inputs are larger than the defaults allow, and its container a memory limit of at least
 * the heap plus 256 MB (code, buffers, PDF threads).
 */

/** The heap limit of each app in MB, by nest-cli.json project name. A new app must be added here (tested). */
const HEAP_LIMITS_MB = Object.freeze({
  gateway: 256,
  scheduler: 256,
  'worker-ops': 256,
  'worker-scrutart': 256,
  'worker-documents': 256,
  'worker-dpgf': 256,
  'worker-rag': 256,
});

const MIN_MB = 64;
const MAX_MB = 65_536;

/** The variable overriding an app's heap limit: `worker-documents` → `RELAIS_HEAP_MB_WORKER_DOCUMENTS`. */
function heapVariable(app) {
  return `RELAIS_HEAP_MB_${app.toUpperCase().replace(/-/g, '_')}`;
}

/** The app's heap limit in MB: its variable when set, else its default; throws an Error naming the variable at fault. */
function heapLimitMb(app, env = process.env) {
  const fallback = HEAP_LIMITS_MB[app];
  if (fallback === undefined)
    throw new Error(`No heap limit for the app ${app}: add it to scripts/supervisor/heap-limits.js`);
  const name = heapVariable(app);
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < MIN_MB || value > MAX_MB) {
    throw new Error(
      `${name} must be an integer number of MB between ${MIN_MB} and ${MAX_MB} (got ${JSON.stringify(raw)})`,
    );
  }
  return value;
}

/** The node arguments that start the app with its heap limit, before its script. */
function heapArguments(app, env = process.env) {
  return [`--max-old-space-size=${heapLimitMb(app, env)}`];
}

module.exports = { HEAP_LIMITS_MB, heapVariable, heapLimitMb, heapArguments };
