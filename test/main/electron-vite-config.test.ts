import { describe, expect, it } from 'vitest';
import config from '../../electron.vite.config';

// src/main/index.ts points the window at out/preload/index.cjs; the build must produce exactly that.
describe('electron.vite.config', () => {
  it('emits the preload as one bundled CommonJS file, index.cjs', () => {
    const build = 'preload' in config ? config.preload?.build : undefined;
    expect(build?.externalizeDeps).toBe(false);
    expect(build?.rolldownOptions?.output).toMatchObject({ format: 'cjs', entryFileNames: '[name].cjs' });
    expect(Object.keys(build?.rolldownOptions?.input ?? {})).toEqual(['index']);
  });
});
