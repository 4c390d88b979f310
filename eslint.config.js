// Layer rules (see docs in README "Layout"): shared <- engine <- host <- main / cli; preload and
// renderer import shared only (the renderer may `import type` from the engine). Violations are errors.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

// `**/name/**` catches imports into a folder; folder-index imports (`../store`) are caught by the
// exact form, used only where no sibling file shares the name.
const layer = (name) => ({
  group: [`**/${name}/**`],
  message: `this layer must not import from src/${name}`,
});
const folder = (name) => ({
  group: [`**/${name}`, `**/${name}/**`],
  message: `algorithms are pure: no imports from ${name}`,
});
const noElectron = { name: 'electron', message: 'only src/main and src/preload may import electron' };
const noReact = ['react', 'react-dom', 'react-dom/client'].map((name) => ({
  name,
  message: 'React belongs to src/renderer',
}));
const noNode = nodeBuiltins.map((name) => ({ name, message: 'Node APIs are not available in this layer' }));

const restrict = (paths, patterns, allowTypeImports = false) => ({
  '@typescript-eslint/no-restricted-imports': [
    'error',
    {
      paths: paths.map((p) => ({ ...p, allowTypeImports })),
      patterns: patterns.map((p) => ({ ...p, allowTypeImports })),
    },
  ],
});

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'coverage/**', '.bench-tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['src/shared/**/*.{ts,tsx}'],
    rules: restrict(
      [noElectron, ...noReact, ...noNode],
      ['engine', 'host', 'main', 'preload', 'renderer', 'cli'].map(layer),
    ),
  },
  {
    files: ['src/engine/**/*.ts'],
    rules: restrict([noElectron, ...noReact], ['host', 'main', 'preload', 'renderer', 'cli'].map(layer)),
  },
  {
    // The hosts around the engine (its process or thread, the web host, project sessions): plain Node.
    files: ['src/host/**/*.ts'],
    rules: restrict([noElectron, ...noReact], ['main', 'preload', 'renderer', 'cli'].map(layer)),
  },
  {
    // Algorithms are pure computations on typed arrays: no I/O, no Node, nothing from the rest of the engine.
    files: ['src/engine/algorithms/**/*.ts'],
    rules: restrict(
      [noElectron, ...noReact, ...noNode],
      [
        ...[
          'main',
          'preload',
          'renderer',
          'cli',
          'store',
          'corpus',
          'service',
          'host',
          'embed',
          'llm',
          'taxonomy',
        ].map(folder),
        { group: ['better-sqlite3', 'onnxruntime-node'], message: 'algorithms do no I/O' },
      ],
    ),
  },
  {
    files: ['src/main/**/*.ts'],
    rules: restrict([...noReact], ['preload', 'renderer', 'cli'].map(layer)),
  },
  {
    files: ['src/cli/**/*.ts'],
    rules: restrict([noElectron, ...noReact], ['main', 'preload', 'renderer'].map(layer)),
  },
  {
    files: ['src/preload/**/*.ts'],
    rules: restrict([...noReact], ['engine', 'host', 'main', 'renderer', 'cli'].map(layer)),
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    // The renderer may use the engine's types, never its code.
    rules: restrict([noElectron, ...noNode], ['main', 'preload', 'cli', 'engine', 'host'].map(layer), true),
  },
);
