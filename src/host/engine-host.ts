import type { EventName, Result } from '../shared/contract';
import type { FromEngine, ToEngine } from './engine-protocol';

/** The slice of Electron's UtilityProcess the host uses (so tests can stand in for it). */
export type EngineChild = {
  postMessage(message: ToEngine): void;
  on(event: 'message', listener: (message: FromEngine) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  kill(): boolean;
};

export type ForkEngine = (projectPath: string) => EngineChild;

type Pending = { resolve: (r: Result<unknown>) => void };

const MAX_RESTARTS = 3;
const RESTART_WINDOW_MS = 60_000;

/**
 * Keeps the engine of the open project running in its own process. If it dies, requests in flight
 * fail with a clear code, listeners hear `job:failed` for its running jobs (the restarted engine
 * marks them failed in the store too), and a new engine is started on the same project: everything
 * the stages had committed is still there, and resuming redoes only the rest.
 */
export class EngineHost {
  private child: EngineChild | null = null;
  private ready: Promise<void> | null = null;
  private readonly pending = new Map<number, Pending>();
  private readonly running = new Set<string>();
  private readonly restarts: number[] = [];
  private next = 1;
  private closing = false;
  projectPath: string | null = null;

  constructor(
    private readonly fork: ForkEngine,
    private readonly onEvent: (name: EventName, payload: unknown) => void,
    private readonly now: () => number = Date.now,
  ) {}

  /** Opens `projectPath` in a fresh engine (closing any previous one). */
  async open(projectPath: string): Promise<void> {
    await this.close();
    this.closing = false;
    this.projectPath = projectPath;
    this.restarts.length = 0;
    await this.start();
  }

  private start(): Promise<void> {
    const path = this.projectPath!;
    const child = this.fork(path);
    this.child = child;
    this.ready = new Promise<void>((resolve, reject) => {
      child.on('message', (m: FromEngine) => {
        if (m.type === 'ready') resolve();
        else if (m.type === 'fatal') reject(new Error(m.message));
        else if (m.type === 'response') {
          this.pending.get(m.id)?.resolve(m.result);
          this.pending.delete(m.id);
        } else if (m.type === 'event') {
          const jobId = (m.payload as { jobId?: string }).jobId;
          if (jobId && m.name === 'job:progress') this.running.add(jobId);
          if (jobId && m.name !== 'job:progress') this.running.delete(jobId);
          this.onEvent(m.name, m.payload);
        }
      });
      child.on('exit', (code: number) => {
        if (this.child !== child) return;
        this.child = null;
        if (this.closing) return;
        reject(new Error(`the engine stopped while opening ${path} (exit code ${code})`));
        this.crashed(code);
      });
    });
    return this.ready;
  }

  private crashed(code: number): void {
    const message = `the engine stopped unexpectedly (exit code ${code}); it is being restarted and nothing committed was lost`;
    for (const p of this.pending.values()) p.resolve({ ok: false, error: { code: 'INTERNAL', message } });
    this.pending.clear();
    for (const jobId of this.running) this.onEvent('job:failed', { jobId, code: 'INTERNAL', message });
    this.running.clear();
    const t = this.now();
    while (this.restarts.length && t - this.restarts[0]! > RESTART_WINDOW_MS) this.restarts.shift();
    if (this.restarts.length >= MAX_RESTARTS) {
      this.ready = Promise.reject(
        new Error(`the engine stopped ${MAX_RESTARTS} times in a minute; reopen the project`),
      );
      this.ready.catch(() => {});
      return;
    }
    this.restarts.push(t);
    void this.start().catch(() => {});
  }

  /** Sends a request to the engine; answers a Result even when the engine is down. */
  async request(channel: string, input: unknown): Promise<Result<unknown>> {
    if (!this.ready)
      return {
        ok: false,
        error: { code: 'NO_PROJECT', message: 'No project is open: create or open one on the Home screen.' },
      };
    try {
      await this.ready;
    } catch (e) {
      return { ok: false, error: { code: 'INTERNAL', message: (e as Error).message } };
    }
    const child = this.child;
    if (!child)
      return { ok: false, error: { code: 'INTERNAL', message: 'the engine is restarting; try again' } };
    const id = this.next++;
    return new Promise((resolve) => {
      this.pending.set(id, { resolve });
      child.postMessage({ type: 'request', id, channel, input });
    });
  }

  async close(): Promise<void> {
    this.closing = true;
    const child = this.child;
    this.child = null;
    this.ready = null;
    if (child) {
      child.postMessage({ type: 'shutdown' });
      child.kill();
    }
  }
}
