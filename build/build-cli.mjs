#!/usr/bin/env node
// Bundles the CLI (src/cli) and the worker-thread entries it starts into ES modules in out/cli;
// npm packages stay external and load from node_modules.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const started = Date.now();
try {
  await build({
    entryPoints: {
      taxonomist: 'src/cli/index.ts',
      'engine-worker': 'src/host/engine-worker.ts',
      'reduce-worker': 'src/engine/reduce/reduce-worker.ts',
      'hdbscan-worker': 'src/engine/cluster/hdbscan-worker.ts',
      'embed-worker': 'src/engine/embed/embed-worker.ts',
    },
    outdir: 'out/cli',
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: true,
    define: { 'process.env.TAXONOMIST_VERSION': JSON.stringify(pkg.version) },
    logLevel: 'warning',
  });
} catch {
  // esbuild has already printed the errors.
  process.exit(1);
}
console.log(`built out/cli in ${Date.now() - started} ms`);
