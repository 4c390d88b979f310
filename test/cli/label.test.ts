import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProjectStore } from '../../src/engine/store';
import { binPath, runTaxonomist } from '../support/cli';
import type { FakeChatServer } from '../support/fake-chat-server';
import { lastUserText, startFakeChatServer } from '../support/fake-chat-server';
import { addTopicCorpus } from '../support/topics';

const dir = mkdtempSync(join(tmpdir(), 'taxonomist-label-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function newProject(name: string): string {
  const file = join(dir, name);
  const store = ProjectStore.open(file, { create: true });
  addTopicCorpus(store, { perTopic: 15, noise: 5 });
  store.close();
  return file;
}

/** Runs the CLI without blocking this process, so a fake server here can answer it. */
function runAsync(
  args: string[],
  onStderrLine?: (line: string, kill: () => void) => void,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [binPath, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, OPENAI_API_KEY: '' },
  });
  let stdout = '';
  let stderr = '';
  let pending = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => {
    stderr += c.toString();
    pending += c.toString();
    for (let nl = pending.indexOf('\n'); nl >= 0; nl = pending.indexOf('\n')) {
      onStderrLine?.(pending.slice(0, nl), () => child.kill('SIGKILL'));
      pending = pending.slice(nl + 1);
    }
  });
  return new Promise((ok) => child.once('close', (code, signal) => ok({ code, signal, stdout, stderr })));
}

type TopicsJson = {
  topics: { cluster: number; size: number; label: string; source: string; keyphrases: string[] }[];
};

describe('taxonomist label and topics', () => {
  it('labels offline by default and lists topics with size, label, source and keyphrases', () => {
    const project = newProject('offline.taxonomist');
    const res = runTaxonomist(['label', '--project', project, '--json']);
    expect(res.code).toBe(0);
    const s = JSON.parse(res.stdout) as {
      provider: string;
      clusters: number;
      bySource: Record<string, number>;
    };
    expect(s).toMatchObject({
      provider: 'keywords',
      clusters: 5,
      bySource: { llm: 0, keywords: 5, kept: 0 },
    });

    const list = runTaxonomist(['topics', '--project', project, '--json']);
    const t = JSON.parse(list.stdout) as TopicsJson;
    expect(t.topics).toHaveLength(5);
    expect(t.topics[2]).toMatchObject({ cluster: 2, size: 15, source: 'keywords' });
    expect(t.topics[2]!.keyphrases.slice(0, 5).some((k) => /speech|spoken|acoustic|asr|audio/.test(k))).toBe(
      true,
    );

    const edit = runTaxonomist([
      'topics',
      '--project',
      project,
      '--cluster',
      '2',
      '--set-label',
      'Speech Recognition',
    ]);
    expect(edit.code).toBe(0);
    expect(edit.stdout).toMatch(/Speech Recognition {2}\[human, locked\]/);
    const again = JSON.parse(runTaxonomist(['label', '--project', project, '--json']).stdout) as {
      bySource: Record<string, number>;
    };
    expect(again.bySource).toMatchObject({ keywords: 4, kept: 1 });
    expect(runTaxonomist(['topics', '--project', project, '--set-label', 'x']).code).toBe(2);
    expect(runTaxonomist(['label', '--project', project, '--provider', 'nope']).code).toBe(2);
    const noKey = runTaxonomist(['label', '--project', project, '--provider', 'anthropic'], {
      env: { ANTHROPIC_API_KEY: '' },
    });
    expect(noKey.code).toBe(1);
    expect(noKey.stderr).toMatch(/set ANTHROPIC_API_KEY/);
  });

  describe('with an OpenAI-compatible server', () => {
    let server: FakeChatServer;
    let hangAfter = Infinity;
    beforeAll(async () => {
      server = await startFakeChatServer('openai', (r) => {
        if (r.n > hangAfter) return { hang: true };
        const kw = /keywords of the cluster: ([^,\n]+)/.exec(lastUserText(r))?.[1] ?? 'x';
        return { text: `{"label": "Research on ${kw}"}` };
      });
    });
    afterAll(() => server.close());

    it('labels through the endpoint, then re-runs from the cache with zero requests', async () => {
      const project = newProject('llm.taxonomist');
      const args = [
        'label',
        '--project',
        project,
        '--provider',
        'openai',
        '--base-url',
        server.baseUrl,
        '--json',
      ];
      const before = server.requests.length;
      const first = await runAsync(args);
      expect(first.code).toBe(0);
      const s = JSON.parse(first.stdout) as {
        bySource: Record<string, number>;
        usage: Record<string, number>;
      };
      expect(s.bySource).toMatchObject({ llm: 5, keywords: 0 });
      expect(server.requests.length - before).toBe(5);
      const second = JSON.parse((await runAsync(args)).stdout) as { usage: Record<string, number> };
      expect(second.usage).toMatchObject({ requests: 0, cacheHits: 5 });
      expect(server.requests.length - before).toBe(5);
      const t = JSON.parse(runTaxonomist(['topics', '--project', project, '--json']).stdout) as TopicsJson;
      expect(t.topics.every((x) => x.source === 'llm' && x.label.startsWith('Research on '))).toBe(true);
    });

    it('keeps every label received when killed, and the re-run asks only for the rest', async () => {
      const project = newProject('killed.taxonomist');
      const args = [
        'label',
        '--project',
        project,
        '--provider',
        'openai',
        '--base-url',
        server.baseUrl,
        '--concurrency',
        '1',
      ];
      const start = server.requests.length;
      hangAfter = start + 2;
      let reported = 0;
      const killed = await runAsync([...args, '--progress', 'json'], (line, kill) => {
        const p = (JSON.parse(line) as { progress?: { done: number; total: number | null } }).progress;
        if (p?.total) reported = Math.max(reported, p.done);
        if (reported === 2) kill();
      });
      expect(killed.signal).toBe('SIGKILL');
      hangAfter = Infinity;
      const t = JSON.parse(runTaxonomist(['topics', '--project', project, '--json']).stdout) as TopicsJson;
      expect(t.topics.filter((x) => x.source === 'llm')).toHaveLength(2);
      const before = server.requests.length;
      const rerun = JSON.parse((await runAsync([...args, '--json'])).stdout) as {
        usage: Record<string, number>;
      };
      expect(rerun.usage).toMatchObject({ requests: 3, cacheHits: 2 });
      expect(server.requests.length - before).toBe(3);
    });
  });

  it('takes a project prompt from a file and rejects one without placeholders', () => {
    const project = newProject('prompt.taxonomist');
    const bad = join(dir, 'bad.txt');
    writeFileSync(bad, 'Name this topic.');
    const res = runTaxonomist(['label', '--project', project, '--prompt-file', bad]);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/must contain \{titles\}/);
  });
});
