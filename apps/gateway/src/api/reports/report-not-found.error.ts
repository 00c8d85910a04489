/** No report (artifact) with that id. */
export class ReportNotFoundError extends Error {
  constructor(readonly reportId: string) {
    super(`Report ${reportId} not found`);
    this.name = 'ReportNotFoundError';
  }
}
