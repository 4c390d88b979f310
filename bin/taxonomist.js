#!/usr/bin/env node
// Entry point of the `taxonomist` command: runs the bundled CLI built by `npm run build:cli`.
import { existsSync } from 'node:fs';

const bundle = new URL('../out/cli/taxonomist.js', import.meta.url);
if (!existsSync(bundle)) {
  process.stderr.write('taxonomist: the command-line tool is not built yet; run `npm run setup` or `npm run build:cli`\n');
  process.exit(1);
}
await import(bundle.href);
