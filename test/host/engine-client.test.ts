import { describe, expect, it } from 'vitest';
import type { EventName } from '../../src/shared/contract';
import { connectEngine } from '../../src/host/engine-client';
import type { EngineTransport } from '../../src/host/engine-client';
import type { FromEngine, ToEngine } from '../../src/host/engine-protocol';

/** A line to an engine the test plays by hand: it sees what the client posts and answers for it. */
function fakeLine() {
  const posted: ToEngine[] = [];
  let onMessage: (m: FromEngine) => void = () => {};
  let onExit: (code: number, error?: Error) => void = () => {};
  let kills = 0;
  const transport: EngineTransport = {
    post: (m) => void posted.push(m),
    onMessage: (l) => void (onMessage = l),
    onExit: (l) => void (onExit = l),
    kill: () => void kills++,
  };
  return {
    transport,
    posted,
    send: (m: FromEngine) => onMessage(m),
    exit: (code: number, error?: Error) => onExit(code, error),
    kills: () => kills,
  };
}

describe('connectEngine', () => {
  it('answers each request with its own response and passes events on', async () => {
    const line = fakeLine();
    const connecting = connectEngine(line.transport);
    line.send({ type: 'ready' });
    const engine = await connecting;
    const events: [EventName, unknown][] = [];
    engine.onEvent((name, payload) => events.push([name, payload]));

    const a = engine.request('project:info', {});
    const b = engine.request('jobs:list', {});
    expect(line.posted).toEqual([
      { type: 'request', id: 1, channel: 'project:info', input: {} },
      { type: 'request', id: 2, channel: 'jobs:list', input: {} },
    ]);
    line.send({ type: 'response', id: 2, result: { ok: true, value: 'b' } });
    line.send({ type: 'response', id: 1, result: { ok: true, value: 'a' } });
    expect(await a).toEqual({ ok: true, value: 'a' });
    expect(await b).toEqual({ ok: true, value: 'b' });

    line.send({ type: 'event', name: 'job:finished', payload: { jobId: 'j', result: null } });
    expect(events).toEqual([['job:finished', { jobId: 'j', result: null }]]);
  });

  it('rejects with NOT_A_PROJECT when the engine cannot open its project', async () => {
    const line = fakeLine();
    const connecting = connectEngine(line.transport);
    line.send({ type: 'fatal', message: 'file is not a database' });
    await expect(connecting).rejects.toMatchObject({
      code: 'NOT_A_PROJECT',
      message: 'file is not a database',
    });
    expect(line.kills()).toBe(1);
  });

  it('rejects when the engine dies while opening', async () => {
    const line = fakeLine();
    const connecting = connectEngine(line.transport);
    line.exit(1);
    await expect(connecting).rejects.toThrow(/stopped while opening/);
  });

  it('on a crash fails what is in flight, fails the running jobs and says so once', async () => {
    const line = fakeLine();
    const connecting = connectEngine(line.transport, { crashMessage: (code) => `gone (${code})` });
    line.send({ type: 'ready' });
    const engine = await connecting;
    const events: [EventName, unknown][] = [];
    engine.onEvent((name, payload) => events.push([name, payload]));
    const crashes: number[] = [];
    engine.onCrash((code) => crashes.push(code));

    const progress = { stage: 'import', done: 1, total: 2 };
    line.send({ type: 'event', name: 'job:progress', payload: { jobId: 'running', progress } });
    line.send({ type: 'event', name: 'job:progress', payload: { jobId: 'done', progress } });
    line.send({ type: 'event', name: 'job:finished', payload: { jobId: 'done', result: null } });
    const inFlight = engine.request('project:info', {});
    line.exit(134);

    expect(await inFlight).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'gone (134)' } });
    expect(events.filter(([n]) => n === 'job:failed')).toEqual([
      ['job:failed', { jobId: 'running', code: 'INTERNAL', message: 'gone (134)' }],
    ]);
    expect(crashes).toEqual([134]);
    expect(await engine.request('project:info', {})).toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: 'gone (134)' },
    });
  });

  it('closes by asking the engine to shut down, and ends it if it does not in time', async () => {
    const line = fakeLine();
    const connecting = connectEngine(line.transport, { closeGraceMs: 20 });
    line.send({ type: 'ready' });
    const engine = await connecting;
    const crashes: number[] = [];
    engine.onCrash((code) => crashes.push(code));

    const closing = engine.close();
    expect(line.posted).toEqual([{ type: 'shutdown' }]);
    await new Promise((r) => setTimeout(r, 40));
    expect(line.kills()).toBe(1);
    line.exit(1);
    await closing;
    expect(crashes).toEqual([]);
    expect(await engine.request('project:info', {})).toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: 'the engine was closed' },
    });
    await engine.close();
  });
});
