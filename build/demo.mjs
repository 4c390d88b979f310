#!/usr/bin/env node
// The case study, end to end: 25k arXiv cs.CL papers -> a reviewed-ready topic taxonomy.
//   npm run demo                          downloads dcarpintero/arxiv.cs.CL.25k and jina (needs internet)
//   npm run demo -- --corpus FILE         uses a local corpus (JSONL, CSV, Parquet, ... optionally .gz)
//   npm run demo -- --corpus FILE --limit 5000 --offline
// Without network it embeds with the offline Universal Sentence Encoder Lite and labels topics from
// keyphrases; with an API key in MISTRAL_API_KEY / ANTHROPIC_API_KEY it labels and organises with LLMs.
// Any other option is passed on to `taxonomist build`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const DATASET = 'dcarpintero/arxiv.cs.CL.25k';
const argv = process.argv.slice(2);
const take = (name) => {
  const i = argv.indexOf(name);
  if (i < 0) return undefined;
  const v = argv[i + 1];
  argv.splice(i, 2);
  return v;
};
const flag = (name) => {
  const i = argv.indexOf(name);
  if (i >= 0) argv.splice(i, 1);
  return i >= 0;
};
let corpus = take('--corpus');
const outDir = take('--out') ?? 'demo';
let offline = flag('--offline');
mkdirSync(outDir, { recursive: true });

if (!corpus) {
  // The dataset's Parquet files as the Hugging Face datasets server lists them.
  const target = join(outDir, 'arxiv-cs-cl-25k.parquet');
  if (!existsSync(target)) {
    try {
      console.log(`downloading ${DATASET} ...`);
      const list = await (
        await fetch(`https://datasets-server.huggingface.co/parquet?dataset=${DATASET}`, {
          signal: AbortSignal.timeout(20_000),
        })
      ).json();
      const url = list.parquet_files?.find((f) => f.split === 'train')?.url;
      if (!url) throw new Error('no train split listed');
      const res = await fetch(url, { signal: AbortSignal.timeout(300_000) });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      writeFileSync(target, Buffer.from(await res.arrayBuffer()));
    } catch (e) {
      console.error(
        `cannot download ${DATASET} (${e.message}). Without network, give a local corpus: npm run demo -- --corpus FILE`,
      );
      process.exit(1);
    }
  }
  corpus = target;
}

const llm = process.env.ANTHROPIC_API_KEY ? 'anthropic' : process.env.MISTRAL_API_KEY ? 'mistral' : null;
const build = [
  'bin/taxonomist.js',
  'build',
  corpus,
  '--project',
  join(outDir, 'case-study.taxonomist'),
  ...(offline ? ['--offline'] : []),
  ...(llm && !offline
    ? ['--provider', process.env.MISTRAL_API_KEY ? 'mistral' : llm, '--taxonomy', llm]
    : []),
  ...argv,
];
console.log(`taxonomist ${build.slice(1).join(' ')}`);
const res = spawnSync(process.execPath, build, { stdio: 'inherit' });
process.exit(res.status ?? 1);
