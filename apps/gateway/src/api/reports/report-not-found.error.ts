import { RelaisError } from '@relais/contracts';

/** No report (artifact) with that id. */
export class ReportNotFoundError extends RelaisError {
  readonly kind = 'not_found';
  constructor(readonly reportId: string) {
    super(`Report ${reportId} not found`);
    this.name = 'ReportNotFoundError';
  }
}
