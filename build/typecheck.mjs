#!/usr/bin/env node
// Type-checks each layer with its own tsconfig, so a layer that reaches for a library it must not
// use (Node APIs in the renderer, the DOM in the engine) fails here.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, readdirSync, readFileSync } from 'node:fs';

const require = createRequire(import.meta.url);
const tsc = require.resolve('typescript/bin/tsc');
const projects = ['shared', 'algorithms', 'engine', 'host', 'cli', 'main', 'preload', 'renderer', 'test'];
const hasSources = (dir) =>
  existsSync(dir) && readdirSync(dir, { recursive: true }).some((f) => /\.tsx?$/.test(String(f)));

let failed = 0;
for (const name of projects) {
  const { include } = JSON.parse(readFileSync(`tsconfig.${name}.json`, 'utf8'));
  if (!include.some(hasSources)) {
    console.log(`typecheck ${name}: nothing to check yet`);
    continue;
  }
  const started = Date.now();
  const res = spawnSync(process.execPath, [tsc, '-p', `tsconfig.${name}.json`], { stdio: 'inherit' });
  const ok = res.status === 0;
  if (!ok) failed++;
  console.log(`typecheck ${name}: ${ok ? 'ok' : 'FAILED'} (${Date.now() - started} ms)`);
}
process.exit(failed ? 1 : 0);
