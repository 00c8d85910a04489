import { RunState } from '@relais/contracts';
import { batchReport, markdownText } from './batch-report';

describe('batchReport', () => {
  const result = (batch_name: string, error: string | null = null) => ({
    batch_name,
    total: 1,
    succeeded: error ? 0 : 1,
    failed: error ? 1 : 0,
    duplicates: [],
    results: [{ qid: 'Q296', run_id: 'r1', state: RunState.FAILED, artist_name: 'Claude [Monet](x)', error }],
    duration_ms: 1_000,
  });

  it('writes names and errors as text, never as HTML or Markdown of their own', () => {
    const report = batchReport(result('<script>alert(1)</script>\r\n# Injected', 'a | b\nc'));
    expect(report.split('\n')[0]).toBe('# &lt;script&gt;alert\\(1\\)&lt;/script&gt; \\# Injected');
    expect(report).not.toContain('<script>');
    expect(report).toContain('| Q296 | Claude \\[Monet\\]\\(x\\) | FAILED | r1 | a \\| b c |');
  });

  it('leaves ordinary text readable', () => {
    expect(markdownText('Impressionnistes été 2024')).toBe('Impressionnistes été 2024');
  });
});
