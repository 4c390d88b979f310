import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/shared';

// The layer rules live in eslint.config.js (the allow-lists) and build/eslint-rules/layers.js (the
// rule); these cases prove they fire, and stay quiet where allowed.
const eslint = new ESLint({ cwd: repoRoot });

async function ruleIds(filePath: string, code: string): Promise<(string | null)[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.map((m) => m.ruleId);
}

async function restricted(filePath: string, code: string): Promise<boolean> {
  return (await ruleIds(filePath, code)).includes('local/layers');
}

describe('layer rules', () => {
  const cases: [string, string, boolean][] = [
    [
      'src/shared/x.ts',
      "import { ProjectStore } from '../engine/store';\nexport const a = ProjectStore;",
      true,
    ],
    ['src/shared/x.ts', "import { readFileSync } from 'node:fs';\nexport const a = readFileSync;", true],
    ['src/shared/x.ts', "import { z } from 'zod';\nexport const a = z;", false],
    ['src/engine/store/x.ts', "import { app } from 'electron';\nexport const a = app;", true],
    ['src/engine/store/x.ts', "import { x } from '../../renderer/components/x';\nexport const a = x;", true],
    [
      'src/engine/store/x.ts',
      "import { AppError } from '../../shared/errors';\nexport const a = AppError;",
      false,
    ],
    [
      'src/engine/algorithms/x.ts',
      "import { readFileSync } from 'fs';\nexport const a = readFileSync;",
      true,
    ],
    [
      'src/engine/algorithms/x.ts',
      "import { ProjectStore } from '../store';\nexport const a = ProjectStore;",
      true,
    ],
    ['src/engine/algorithms/x.ts', "import { y } from './y';\nexport const a = y;", false],
    [
      'src/renderer/x.tsx',
      "import { ProjectStore } from '../engine/store';\nexport const a = ProjectStore;",
      true,
    ],
    [
      'src/renderer/x.tsx',
      "import type { ProjectStore } from '../engine/store';\nexport type A = ProjectStore;",
      false,
    ],
    ['src/renderer/x.tsx', "import { ipcRenderer } from 'electron';\nexport const a = ipcRenderer;", true],
    ['src/renderer/x.tsx', "import { join } from 'node:path';\nexport const a = join;", true],
    [
      'src/preload/x.ts',
      "import { ProjectStore } from '../engine/store';\nexport const a = ProjectStore;",
      true,
    ],
    ['src/preload/x.ts', "import { contextBridge } from 'electron';\nexport const a = contextBridge;", false],
    ['src/cli/x.ts', "import { app } from 'electron';\nexport const a = app;", true],
    [
      'src/cli/x.ts',
      "import { ProjectStore } from '../engine/store';\nexport const a = ProjectStore;",
      false,
    ],
    // The desktop shell reaches the engine through its host and its service, never the store itself.
    [
      'src/main/x.ts',
      "import { ProjectStore } from '../engine/store';\nexport const a = ProjectStore;",
      true,
    ],
    ['src/main/x.ts', "import { x } from '../engine/service/x';\nexport const a = x;", true],
    ['src/main/x.ts', "import { x } from '../host/x';\nexport const a = x;", false],
    ['src/main/x.ts', "import { x } from '../renderer/components/x';\nexport const a = x;", true],
    ['src/cli/x.ts', "import { x } from '../host/x';\nexport const a = x;", false],
    ['src/host/x.ts', "import { x } from '../engine/service/x';\nexport const a = x;", false],
    ['src/host/x.ts', "import { app } from 'electron';\nexport const a = app;", true],
    ['src/host/x.ts', "import { x } from '../main/x';\nexport const a = x;", true],
    ['src/engine/x.ts', "import { x } from '../host/x';\nexport const a = x;", true],
    // Capability folders sit below the pipeline and the service.
    ['src/engine/labels/x.ts', "import { x } from '../pipeline/x';\nexport const a = x;", true],
    ['src/engine/labels/x.ts', "import { x } from '../service/x';\nexport const a = x;", true],
    ['src/engine/labels/x.ts', "import { x } from '../taxonomy/x';\nexport const a = x;", false],
    ['src/engine/pipeline/x.ts', "import { x } from '../service/x';\nexport const a = x;", true],
    ['src/engine/store/x.ts', "import { x } from '../taxonomy/x';\nexport const a = x;", true],
    // Outside the store the database is a type only.
    ['src/engine/labels/x.ts', "import Database from 'better-sqlite3';\nexport const a = Database;", true],
    [
      'src/engine/labels/x.ts',
      "import type { Database } from 'better-sqlite3';\nexport type A = Database;",
      false,
    ],
    ['src/engine/store/x.ts', "import Database from 'better-sqlite3';\nexport const a = Database;", false],
    // A package nobody listed, and a file outside every layer.
    ['src/engine/labels/x.ts', "import x from 'left-pad';\nexport const a = x;", true],
    ['src/engine/labels/x.ts', "import x from '../../../package.json';\nexport const a = x;", true],
    ['src/renderer/x.tsx', "import { x } from '../shared/x';\nexport const a = x;", false],
    // A folder nobody gave a layer is refused as a whole.
    ['src/worker/x.ts', 'export const a = 1;', true],
    ['src/renderer/x.tsx', "export { x } from '../engine/x';", true],
    ['src/renderer/x.tsx', "export type { X } from '../engine/x';", false],
    ['src/renderer/x.tsx', "export const a = () => import('../engine/x');", true],
  ];
  for (const [file, code, expected] of cases) {
    it(`${file}: ${code.split('\n')[0]} -> ${expected ? 'refused' : 'allowed'}`, async () => {
      expect(await restricted(file, code)).toBe(expected);
    });
  }
});

describe('SQL stays in the store', () => {
  const sql = 'no-restricted-syntax';
  const cases: [string, string, boolean][] = [
    ['src/engine/labels/x.ts', "export const f = (db: D) => db.prepare('SELECT 1').get();", true],
    ['src/engine/labels/x.ts', "export const f = (s: S) => s.db.exec('VACUUM');", true],
    ['src/engine/labels/x.ts', "export const f = (s: S) => s.db.pragma('user_version');", true],
    ['src/engine/labels/x.ts', 'export const f = (db: D) => db.transaction(() => 1)();', true],
    ['src/cli/x.ts', 'export const q = `UPDATE jobs SET status = ?`;', true],
    ['src/engine/service/x.ts', "export const q = 'DELETE FROM jobs';", true],
    ['src/engine/store/x.ts', "export const f = (db: D) => db.prepare('SELECT 1').get();", false],
    // Not SQL: a ProjectStore's own transaction, a regular expression, an upper-case word.
    ['src/engine/labels/x.ts', 'export const f = (s: S) => s.transaction(() => 1);', false],
    ['src/engine/labels/x.ts', 'export const f = (t: string) => /a/.exec(t);', false],
    ['src/engine/labels/x.ts', "export const w = 'SELECT';", false],
  ];
  for (const [file, code, expected] of cases) {
    it(`${file}: ${code} -> ${expected ? 'refused' : 'allowed'}`, async () => {
      expect((await ruleIds(file, code)).includes(sql)).toBe(expected);
    });
  }
});
