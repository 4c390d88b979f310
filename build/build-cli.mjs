#!/usr/bin/env node
// Bundles the CLI (src/cli) into one ES module; npm packages stay external and load from node_modules.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const started = Date.now();
try {
  await build({
    entryPoints: ['src/cli/index.ts'],
    outfile: 'out/cli/taxonomist.js',
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
console.log(`built out/cli/taxonomist.js in ${Date.now() - started} ms`);
