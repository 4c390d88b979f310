import type { Migration } from './types';
import * as m0010 from './0010-documents';
import * as m0020 from './0020-embeddings';
import * as m0030 from './0030-runs';
import * as m0040 from './0040-topics';
import * as m0050 from './0050-taxonomy';
import * as m0060 from './0060-llm-cache';
import * as m0070 from './0070-jobs';
import * as m0120 from './0120-taxonomy-documents';
import * as m0130 from './0130-assignment-strength';
import * as m0140 from './0140-history';

/** Every schema step, oldest first. Append only: a released step is never edited. */
export const migrations: readonly Migration[] = [
  m0010,
  m0020,
  m0030,
  m0040,
  m0050,
  m0060,
  m0070,
  m0120,
  m0130,
  m0140,
];

export const latestVersion = migrations[migrations.length - 1]!.version;

export type { Migration };
