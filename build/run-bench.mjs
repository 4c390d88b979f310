#!/usr/bin/env node
// Runs every benchmark in bench/ (or those named on the command line); each prints JSON lines.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

const wanted = process.argv.slice(2);
const all = readdirSync('bench')
  .filter((f) => f.endsWith('.mjs') || f.endsWith('.ts'))
  .sort();
const chosen = wanted.length ? all.filter((f) => wanted.some((w) => f.includes(w))) : all;
let failed = 0;
for (const file of chosen) {
  // TypeScript benchmarks call engine code directly, through tsx.
  const args = file.endsWith('.ts') ? ['--import', 'tsx', `bench/${file}`] : [`bench/${file}`];
  const res = spawnSync(process.execPath, args, { stdio: 'inherit' });
  if (res.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
