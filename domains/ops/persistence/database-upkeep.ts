import type { DataSource } from 'typeorm';

/** What a database check found. */
export interface DatabaseCheck {
  ok: boolean;
  /** SQLite's quick_check answer, or the tables MySQL's CHECK TABLE did not find OK. */
  detail: string;
}

/** The tables whose statistics matter most to the platform's queries. */
const BUSY_TABLES = ['flow_runs', 'step_runs', 'run_logs', 'artifacts', 'notifications', 'notification_deliveries'];

/** Integrity checks and optimisation of Relais's own database (weekly and emergency maintenance). */
export class DatabaseUpkeep {
  constructor(private readonly dataSource: DataSource) {}

  private get sqlite(): boolean {
    return this.dataSource.options.type === 'better-sqlite3';
  }

  /** SQLite `PRAGMA quick_check` (reads every page, no index cross-check); MySQL `CHECK TABLE … QUICK`. */
  async check(): Promise<DatabaseCheck> {
    if (this.sqlite) {
      const rows = await this.dataSource.query<{ quick_check: string }[]>('PRAGMA quick_check');
      const answers = rows.map((row) => row.quick_check);
      return { ok: answers.length === 1 && answers[0] === 'ok', detail: answers.slice(0, 20).join('; ') };
    }
    const rows = await this.dataSource.query<{ Table: string; Msg_type: string; Msg_text: string }[]>(
      `CHECK TABLE ${BUSY_TABLES.join(', ')} QUICK`,
    );
    const bad = rows.filter((row) => row.Msg_type === 'error' || (row.Msg_type === 'status' && row.Msg_text !== 'OK'));
    return {
      ok: bad.length === 0,
      detail: bad.length ? bad.map((row) => `${row.Table}: ${row.Msg_text}`).join('; ') : 'OK',
    };
  }

  /**
   * Refreshes the planner's statistics and gives space back. SQLite: `PRAGMA optimize` and a WAL checkpoint
   * (never VACUUM, which would lock the file for every process for as long as it copies it). MySQL: ANALYZE TABLE.
   */
  async optimize(): Promise<string[]> {
    if (this.sqlite) {
      await this.dataSource.query('PRAGMA optimize');
      await this.dataSource.query('PRAGMA wal_checkpoint(TRUNCATE)');
      return ['PRAGMA optimize', 'PRAGMA wal_checkpoint(TRUNCATE)'];
    }
    await this.dataSource.query(`ANALYZE TABLE ${BUSY_TABLES.join(', ')}`);
    return [`ANALYZE TABLE ${BUSY_TABLES.join(', ')}`];
  }
}
