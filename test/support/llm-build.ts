import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { seededRandom } from '../../src/engine/algorithms/random';
import type { FakeReply, FakeRequest } from './fake-chat-server';
import { lastUserText } from './fake-chat-server';
import { TOPIC_WORDS } from './topics';

const FILLER = ['models', 'learning', 'data', 'evaluation', 'study', 'approach'];

/**
 * Writes a JSONL corpus of `perTopic` papers on each synthetic topic (seeded): titles and abstracts
 * drawn mostly from the topic's words, so a bag-of-words embedding separates the topics cleanly.
 */
export function writeTopicCorpus(file: string, perTopic = 30, seed = 5): void {
  const random = seededRandom(seed);
  const pick = (a: string[]) => a[Math.floor(random() * a.length)]!;
  const lines: string[] = [];
  TOPIC_WORDS.forEach((words, t) => {
    for (let i = 0; i < perTopic; i++) {
      const title = `${pick(words)} ${pick(words)} ${pick(FILLER)} for ${pick(words)} ${pick(words)}`;
      const abstract = Array.from({ length: 16 }, () => (random() < 0.75 ? pick(words) : pick(FILLER))).join(
        ' ',
      );
      lines.push(JSON.stringify({ id: `t${t}-${i}`, title, abstract: `${abstract}.` }));
    }
  });
  writeFileSync(file, `${lines.join('\n')}\n`);
}

/** Bag of words hashed into `dims` buckets: texts that share words point the same way. */
export function hashedVector(text: string, dims: number): number[] {
  const v = new Array<number>(dims).fill(0);
  for (const w of text.toLowerCase().match(/[a-z-]+/g) ?? [])
    v[createHash('sha1').update(w).digest().readUInt32LE(0) % dims]! += 1;
  return v;
}

/** An OpenAI-compatible embeddings endpoint on 127.0.0.1 answering with `hashedVector`s. */
export async function startFakeEmbeddingServer(
  dims = 256,
): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      const { input } = JSON.parse(raw) as { input: string[] };
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({
          object: 'list',
          model: 'hashed-words',
          data: input.map((t, index) => ({ object: 'embedding', index, embedding: hashedVector(t, dims) })),
        }),
      );
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}

/** The system turn of a request, whatever the protocol. */
const systemText = (r: FakeRequest): string =>
  r.body.system ?? r.body.messages.find((m) => m.role === 'system')?.content ?? '';

/** Whether a request asks for a taxonomy (else it asks for a topic label). */
export const isTaxonomyRequest = (r: FakeRequest): boolean => /taxonomy/i.test(systemText(r));

/** A valid label answer, named after the cluster's first keyword. */
export function labelReply(r: FakeRequest): FakeReply {
  const kw = /keywords of the cluster: ([^,\n]+)/.exec(lastUserText(r))?.[1] ?? 'x';
  return { text: JSON.stringify({ label: `Research on ${kw}`, description: 'Papers on it.' }) };
}

/** A taxonomy answer placing every cluster id listed in the request, in one category. */
export function completeTaxonomyReply(r: FakeRequest): FakeReply {
  const first = r.body.messages.find((m) => m.role === 'user')?.content ?? '';
  const ids = [...first.matchAll(/^\[(\d+)\]/gm)].map((m) => Number(m[1]));
  return {
    text: JSON.stringify({
      categories: [
        {
          name: 'Language technology',
          subcategories: [
            {
              name: 'All topics',
              topics: ids.map((id) => ({ name: `Topic ${id}`, definition: 'A topic.', clusters: [id] })),
            },
          ],
        },
      ],
    }),
  };
}

/** A well-formed taxonomy that places no cluster at all. */
export const emptyTaxonomyReply: FakeReply = {
  text: JSON.stringify({
    categories: [
      {
        name: 'Everything',
        subcategories: [{ name: 'Misc', topics: [{ name: 'Other', definition: '', clusters: [] }] }],
      },
    ],
  }),
};
