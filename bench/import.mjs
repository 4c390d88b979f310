#!/usr/bin/env node
// Import benchmark: wall time of `taxonomist import <corpus>` into a new project, as a user runs it
// (process start, gunzip, parse, dedupe, SQLite), for both real corpora. Prints one JSON line per run
// and a summary line per corpus. Goal: <= 3 s wall each on a 2-core machine.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(new URL('..', import.meta.url).pathname);
const shared = resolve(root, '..', 'shared', 'corpora');
const corpora = [
  { name: 'arxiv-cscl-25k', file: 'arxiv-cscl-25k.jsonl.gz', expected: 25_064 },
  { name: 'acl-anthology', file: 'acl-anthology-1991-2021.jsonl.gz', expected: 23_204 },
];
const repeats = Number(process.env.BENCH_REPEATS ?? 3);
const bin = join(root, 'bin', 'taxonomist.js');
const haveTime = existsSync('/usr/bin/time');
const dir = mkdtempSync(join(tmpdir(), 'taxonomist-bench-'));

try {
  for (const c of corpora) {
    const corpus = join(shared, c.file);
    if (!existsSync(corpus)) {
      console.log(JSON.stringify({ bench: 'import', corpus: c.name, error: `missing ${corpus}` }));
      process.exitCode = 1;
      continue;
    }
    const walls = [];
    for (let i = 0; i < repeats; i++) {
      const project = join(dir, `${c.name}-${i}.taxonomist`);
      const cmd = haveTime ? '/usr/bin/time' : process.execPath;
      const args = haveTime ? ['-f', 'maxrss_kb=%M', process.execPath, bin] : [bin];
      const started = performance.now();
      const res = spawnSync(cmd, [...args, 'import', corpus, '--project', project, '--json'], {
        encoding: 'utf8',
      });
      const wallS = (performance.now() - started) / 1000;
      if (res.status !== 0) {
        console.log(JSON.stringify({ bench: 'import', corpus: c.name, error: res.stderr.trim() }));
        process.exitCode = 1;
        break;
      }
      const summary = JSON.parse(res.stdout);
      const rss = /maxrss_kb=(\d+)/.exec(res.stderr);
      walls.push(wallS);
      console.log(
        JSON.stringify({
          bench: 'import',
          corpus: c.name,
          run: i + 1,
          rows: summary.rows,
          expectedRows: c.expected,
          documents: summary.documents,
          duplicateIds: summary.duplicateIds,
          duplicateTexts: summary.duplicateTexts,
          rejected: summary.rejected,
          wallS: +wallS.toFixed(3),
          importS: +summary.seconds.toFixed(3),
          peakRssMb: rss ? +(Number(rss[1]) / 1024).toFixed(1) : null,
        }),
      );
      rmSync(project, { force: true });
    }
    if (walls.length) {
      walls.sort((a, b) => a - b);
      console.log(
        JSON.stringify({
          bench: 'import',
          corpus: c.name,
          summary: true,
          runs: walls.length,
          minWallS: +walls[0].toFixed(3),
          medianWallS: +walls[Math.floor(walls.length / 2)].toFixed(3),
          goalWallS: 3,
          pass: walls[Math.floor(walls.length / 2)] <= 3,
        }),
      );
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
