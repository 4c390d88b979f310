import type { Database } from 'better-sqlite3';

/** One schema step. `version` is the `user_version` the file has after `up` ran. */
export type Migration = {
  version: number;
  name: string;
  up: (db: Database) => void;
};
