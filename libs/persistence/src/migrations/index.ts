import { PlatformTables1732190000000 } from './1732190000000-platform-tables';

/** Every migration, in order. Domains append theirs; never edit one that has shipped. */
export const MIGRATIONS = [PlatformTables1732190000000];
