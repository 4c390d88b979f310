#!/usr/bin/env node
// Set-up that works with or without access to GitHub and NuGet.
//
// `npm install` alone fails on a machine that reaches only the npm registry: electron's postinstall
// downloads its binary from GitHub and onnxruntime-node's downloads its CUDA add-on from NuGet. So the
// packages are installed with both downloads deferred, then each download is tried on its own: with
// internet the user gets the Electron binary and the GPU add-on; without, set-up still succeeds and
// says what is missing and how to fetch it later (`npm run setup` again).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const args = new Set(process.argv.slice(2));
const offline = args.has('--offline') || process.env.TAXONOMIST_OFFLINE === '1';
const log = (s) => process.stdout.write(`[setup] ${s}\n`);
const warn = (s) => process.stdout.write(`[setup] WARNING: ${s}\n`);

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  console.error(`[setup] Node.js >= 20.19 is needed; this is ${process.version}`);
  process.exit(1);
}

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
function run(cmd, argv, env = {}, timeoutMs = 30 * 60_000) {
  const res = spawnSync(cmd, argv, { stdio: 'inherit', env: { ...process.env, ...env }, timeout: timeoutMs });
  return res.status === 0;
}

// 1. Packages, with the two network-only downloads deferred.
const deferred = { ELECTRON_SKIP_BINARY_DOWNLOAD: '1', ONNXRUNTIME_NODE_INSTALL: 'skip' };
const installArgs = existsSync('package-lock.json')
  ? ['ci', '--no-audit', '--no-fund']
  : ['install', '--no-audit', '--no-fund'];
log(`npm ${installArgs[0]} (Electron binary and ONNX Runtime GPU add-on deferred)`);
if (!run(npm, installArgs, deferred)) {
  console.error('[setup] installing packages failed (see npm output above)');
  process.exit(1);
}

// 2. The optional downloads. Each failure is reported, never fatal.
const missing = [];
if (offline) {
  log('offline mode: not downloading the Electron binary or the ONNX Runtime GPU add-on');
  missing.push('electron', 'onnxruntime-gpu');
} else {
  log('downloading the Electron binary (from GitHub)');
  const electronEnv = { ELECTRON_SKIP_BINARY_DOWNLOAD: '' };
  if (run(process.execPath, ['node_modules/electron/install.js'], electronEnv, 15 * 60_000))
    log('Electron binary installed');
  else {
    warn(
      'the Electron binary could not be downloaded; the desktop app will not start, but the command-line tool and the tests work. Run `npm run setup` again with internet access to get it.',
    );
    missing.push('electron');
  }
  const ortInstaller = 'node_modules/onnxruntime-node/script/install.js';
  if (existsSync(ortInstaller) && process.platform === 'linux' && process.arch === 'x64') {
    log('downloading the ONNX Runtime CUDA add-on (from NuGet)');
    if (run(process.execPath, [ortInstaller], { ONNXRUNTIME_NODE_INSTALL: '' }, 15 * 60_000))
      log('ONNX Runtime CUDA add-on installed');
    else {
      warn(
        'the ONNX Runtime CUDA add-on could not be downloaded; embedding runs on the CPU. Run `npm run setup` again with internet access for GPU support.',
      );
      missing.push('onnxruntime-gpu');
    }
  }
}

// 3. The command-line tool, so `npx taxonomist` works right away.
log('building the command-line tool');
if (!run(process.execPath, ['build/build-cli.mjs'])) {
  console.error('[setup] building the CLI failed');
  process.exit(1);
}

log(`done${missing.length ? ` (without: ${missing.join(', ')})` : ''}. Try: npx taxonomist --help`);
