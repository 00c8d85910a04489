import { dpgfWorkflowParameters } from './dpgf-workflow-options';

describe('relais dpgf --auto options', () => {
  it("read the seed's workflow_config.json, then the flags over it", () => {
    const config = JSON.stringify({
      sharepoint: { url: 'https://contoso.sharepoint.com/sites/etudes', exclude_dirs: 'Archives, Temp,Backup' },
      scanning: { min_confidence: 0.5, max_files: 50, deep_scan: true },
      import: { api_base_url: 'http://127.0.0.1:8000', chunk_size: 100, use_gemini: true },
    });
    expect(
      dpgfWorkflowParameters({ auto: true, minConfidence: '0.7', maxFiles: '30', gemini: false, dryRun: true }, config),
    ).toEqual({
      source: 'graph',
      exclude_dirs: ['Archives', 'Temp', 'Backup'],
      min_confidence: 0.7,
      max_files: 30,
      deep_scan: true,
      chunk_size: 100,
      use_gemini: false,
      dry_run: true,
    });
  });

  it('start from the flow defaults with no config, and name a bad flag or file', () => {
    expect(dpgfWorkflowParameters({ auto: true })).toEqual({});
    expect(() => dpgfWorkflowParameters({ maxFiles: 'many' })).toThrow('--max-files: not a number (many)');
    expect(() => dpgfWorkflowParameters({}, '{oops')).toThrow(/^--config: not JSON/);
  });
});
