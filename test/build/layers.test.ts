import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/shared';

// The layer rules live in eslint.config.js; these cases prove they fire (and stay quiet where allowed).
const eslint = new ESLint({ cwd: repoRoot });

async function restricted(filePath: string, code: string): Promise<boolean> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.some((m) => m.ruleId === '@typescript-eslint/no-restricted-imports');
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
    [
      'src/main/x.ts',
      "import { ProjectStore } from '../engine/store';\nexport const a = ProjectStore;",
      false,
    ],
    ['src/main/x.ts', "import { x } from '../renderer/components/x';\nexport const a = x;", true],
  ];
  for (const [file, code, expected] of cases) {
    it(`${file}: ${code.split('\n')[0]} -> ${expected ? 'refused' : 'allowed'}`, async () => {
      expect(await restricted(file, code)).toBe(expected);
    });
  }
});
