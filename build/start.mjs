#!/usr/bin/env node
// `npm start`: the main job on a fresh machine. Runs the set-up when packages are missing, builds the
// bundled sample corpus (or the corpus given) into a project (by default in the user's data folder), then
// opens it: in the desktop app when the Electron binary is installed, else with `taxonomist serve`, which
// prints the address to open. A second run finds every stage unchanged and opens at once.
//   npm start [-- [corpus] [--project FILE] [--serve]]
import { spawnSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const node = process.execPath;
const say = (m) => process.stderr.write(`[start] ${m}\n`);
const run = (cmd, args, what) => {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    say(`${what} failed (exit ${r.status ?? r.signal})`);
    process.exit(r.status || 1);
  }
};

const args = process.argv.slice(2);
const serveOnly = args.includes('--serve');
const rest = args.filter((a) => a !== '--serve');
const projectAt = rest.indexOf('--project');
const project = projectAt >= 0 ? rest[projectAt + 1] : undefined;
const corpus = rest.find((a, i) => !a.startsWith('--') && rest[i - 1] !== '--project');

if (
  !existsSync(join(root, 'node_modules', 'better-sqlite3')) ||
  !existsSync(join(root, 'node_modules', 'commander'))
) {
  say('packages are missing: running the set-up (npm run setup)');
  run(node, [join(root, 'build', 'setup.mjs')], 'set-up');
}
if (
  !existsSync(join(root, 'out', 'cli', 'taxonomist.js')) ||
  !existsSync(join(root, 'out', 'renderer', 'index.html'))
) {
  say('building the app (npm run build)');
  run(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', 'build', '--silent'], 'build');
}

// The build: stages whose inputs are unchanged are skipped, so a second start is quick.
const cli = join(root, 'bin', 'taxonomist.js');
const built = spawnSync(
  node,
  [cli, 'build', ...(corpus ? [corpus] : []), ...(project ? ['--project', project] : []), '--json'],
  { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 * 1024 * 1024 },
);
if (built.status !== 0) process.exit(built.status || 1);
const summary = JSON.parse(built.stdout.toString('utf8'));
say(`project ${summary.project}: ${summary.documents} documents; taxonomy ${summary.outputs.markdown}`);

// Electron's binary is there when its package could download it (node_modules/electron/path.txt).
const electronDir = join(root, 'node_modules', 'electron');
const electronBinary = existsSync(join(electronDir, 'path.txt'))
  ? join(electronDir, 'dist', readFileSync(join(electronDir, 'path.txt'), 'utf8').trim())
  : null;
if (!serveOnly && electronBinary && existsSync(electronBinary)) {
  say('opening it in the desktop app');
  spawn(electronBinary, [root, summary.project], { cwd: root, stdio: 'inherit' }).on('exit', (code) =>
    process.exit(code ?? 0),
  );
} else {
  if (!serveOnly)
    say(
      'no Electron binary here (npm run setup fetches it where the internet is reachable): serving the app in a browser instead',
    );
  spawn(node, [cli, 'serve', '--project', summary.project], { stdio: 'inherit' }).on('exit', (code) =>
    process.exit(code ?? 0),
  );
}
