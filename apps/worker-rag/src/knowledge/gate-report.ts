import { RAG_GATES, type GateVerdict } from '@relais/domains/rag/contracts';

/** The gate report (Markdown): every gate with its verdict and figure; gates after a failed one were not run. */
export function gateReportMarkdown(baseUrl: string, collection: string, verdicts: readonly GateVerdict[]): string {
  const judged = new Map(verdicts.map((verdict) => [verdict.gate, verdict]));
  const failed = verdicts.find((verdict) => !verdict.passed);
  const rows = RAG_GATES.map((gate) => {
    const verdict = judged.get(gate);
    const status = verdict ? (verdict.passed ? 'passed' : '**FAILED**') : 'not run';
    return `| \`${gate}\` | ${status} | ${verdict?.figure.replace(/\|/g, '\\|') ?? ''} |`;
  });
  return [
    '# Knowledge base validation gates',
    '',
    `Base URL: ${baseUrl}  `,
    `Collection: \`${collection}\``,
    '',
    failed ? `**Failed at gate \`${failed.gate}\`**: the run stopped there.` : 'Every gate passed.',
    '',
    '| Gate | Verdict | Figure |',
    '| --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}
