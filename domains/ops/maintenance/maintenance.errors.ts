/** `ops.restore-backup` was given a name that is not a backup in BACKUP_DIR. */
export class BackupNotFound extends Error {
  constructor(name: string, directory: string) {
    super(
      `No backup named ${JSON.stringify(name)} in ${directory} (names look like relais-sqlite-20260101T030000000Z.sqlite.gz)`,
    );
    this.name = 'BackupNotFound';
  }
}

/** A restore never writes over data: its target must be a new file or an empty database. */
export class RestoreTargetNotEmpty extends Error {
  constructor(target: string) {
    super(`The restore target ${target} already holds data: restore into a new name`);
    this.name = 'RestoreTargetNotEmpty';
  }
}

/** The backup cannot be restored here (a dump-tool backup without the client, a file that is not a backup). */
export class BackupNotRestorable extends Error {
  constructor(reason: string) {
    super(`The backup cannot be restored: ${reason}`);
    this.name = 'BackupNotRestorable';
  }
}
