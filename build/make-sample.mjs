#!/usr/bin/env node
// Draws the bundled sample corpus from the shared arXiv cs.CL corpus (../shared beside the checkout):
// 2,000 papers picked by a seeded shuffle, in the corpus's order, each with its arXiv id, title, abstract,
// categories and the year its id encodes. arXiv's metadata, abstracts included, is CC0 (see
// resources/sample/README.md). Run: node build/make-sample.mjs  (rewrites resources/sample/*.jsonl.gz)
import { createReadStream, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createGunzip, gzipSync } from 'node:zlib';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const source = resolve(root, '..', 'shared', 'corpora', 'arxiv-cscl-25k.jsonl.gz');
const target = join(root, 'resources', 'sample', 'arxiv-cscl-sample.jsonl.gz');
const SIZE = 2000;

const rows = [];
const lines = createInterface({ input: createReadStream(source).pipe(createGunzip()) });
for await (const line of lines) if (line.trim()) rows.push(JSON.parse(line));

// Mulberry32, seeded: the same 2,000 papers every time.
let state = 20261206;
const random = () => {
  state = (state + 0x6d2b79f5) | 0;
  let t = Math.imul(state ^ (state >>> 15), 1 | state);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const order = rows.map((_, i) => i);
for (let i = order.length - 1; i > 0; i--) {
  const j = Math.floor(random() * (i + 1));
  [order[i], order[j]] = [order[j], order[i]];
}
const picked = order.slice(0, SIZE).sort((a, b) => a - b);
const out = picked.map((i) => {
  const r = rows[i];
  const year = /^(\d{2})\d{2}\./.test(r.id) ? 2000 + Number(r.id.slice(0, 2)) : null;
  return JSON.stringify({ id: r.id, title: r.title, abstract: r.abstract, categories: r.categories, year });
});
const gz = gzipSync(Buffer.from(out.join('\n') + '\n'), { level: 9 });
writeFileSync(target, gz);
console.log(`${target}: ${out.length} papers, ${(gz.length / 1e6).toFixed(2)} MB`);
