import { defineFlow } from '@relais/contracts';
import { DOCUMENTS_QUEUE } from './documents.queue';
import type { TestCaseResult } from './pipeline-tests';

/** No parameter: the smoke test always does the same thing. */
export class SmokeTestsParams {}

export interface SmokeTestsResult {
  passed: boolean;
  checks: TestCaseResult[];
  duration_ms: number;
}

export const SMOKE_TESTS_FLOW = defineFlow<SmokeTestsParams, SmokeTestsResult>({
  name: 'documents.smoke-tests',
  queue: DOCUMENTS_QUEUE,
  description:
    'Checks the pipeline end to end in a minute: Chroma and the folders, ingest a generated document of realistic size, find it with a question, remove it',
  params: SmokeTestsParams,
  timeoutMs: 10 * 60 * 1000,
});
