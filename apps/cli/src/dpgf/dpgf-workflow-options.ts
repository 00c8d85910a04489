import { UsageError } from '../cli-errors';

/** `relais dpgf` options as commander parses them. */
export interface DpgfCommandOptions {
  auto?: boolean;
  interactive?: boolean;
  config?: string;
  source?: 'file' | 'graph';
  rootFolder?: string;
  minConfidence?: string;
  maxFiles?: string;
  deepScan?: boolean;
  parallelImport?: boolean;
  chunkSize?: string;
  maxWorkers?: string;
  geminiKey?: string;
  gemini?: boolean;
  excludeDirs?: string;
  dryRun?: boolean;
}

/** The seed's `workflow_config.json`. */
interface SeedWorkflowConfig {
  sharepoint?: { url?: string; exclude_dirs?: string };
  scanning?: { min_confidence?: number; max_files?: number; deep_scan?: boolean };
  import?: { api_base_url?: string; chunk_size?: number; use_gemini?: boolean };
}

/**
 * The `dpgf.workflow` parameters that `relais dpgf --auto` starts: the seed's workflow_config.json first (its
 * `sharepoint` section selects the graph source; `api_base_url` has no use here), then the flags over it. The
 * gateway validates the values and names any bad one.
 */
export function dpgfWorkflowParameters(options: DpgfCommandOptions, configText?: string): Record<string, unknown> {
  const parameters: Record<string, unknown> = {};
  if (configText !== undefined) {
    let config: SeedWorkflowConfig;
    try {
      config = JSON.parse(configText) as SeedWorkflowConfig;
    } catch (error) {
      throw new UsageError(`--config: not JSON (${(error as Error).message})`);
    }
    if (config.sharepoint?.url) parameters.source = 'graph';
    if (config.sharepoint?.exclude_dirs) parameters.exclude_dirs = list(config.sharepoint.exclude_dirs);
    Object.assign(parameters, pick(config.scanning ?? {}, ['min_confidence', 'max_files', 'deep_scan']));
    Object.assign(parameters, pick(config.import ?? {}, ['chunk_size', 'use_gemini']));
  }
  const number = (flag: string, value: string | undefined) => {
    if (value === undefined) return undefined;
    const parsed = Number(value);
    if (!Number.isFinite(parsed)) throw new UsageError(`${flag}: not a number (${value})`);
    return parsed;
  };
  const flags: Record<string, unknown> = {
    source: options.source,
    root_folder: options.rootFolder,
    min_confidence: number('--min-confidence', options.minConfidence),
    max_files: number('--max-files', options.maxFiles),
    deep_scan: options.deepScan,
    parallel_import: options.parallelImport,
    chunk_size: number('--chunk-size', options.chunkSize),
    max_workers: number('--max-workers', options.maxWorkers),
    exclude_dirs: options.excludeDirs === undefined ? undefined : list(options.excludeDirs),
    use_gemini: options.gemini === false ? false : options.geminiKey ? true : undefined,
    dry_run: options.dryRun,
  };
  for (const [key, value] of Object.entries(flags)) if (value !== undefined) parameters[key] = value;
  return parameters;
}

function list(text: string): string[] {
  return text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}

function pick(source: object, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(source).filter(([key, value]) => keys.includes(key) && value !== undefined));
}
