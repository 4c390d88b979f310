import type { RequestInput } from '../shared/contract';
import { AppError } from '../shared/errors';
import type { StageContext } from '../engine/context';
import { checkRequest, EngineService } from '../engine/service';
import type { ProjectStore } from '../engine/store';
import { abortOnSignals } from './interrupt';

export type JobRequest = RequestInput<'jobs:start'>;

/**
 * A `jobs:start` request checked as the app's is (the contract's schema, the same words); a bad
 * value is a usage error of the command line. Call it before a project is opened or created.
 */
export function checkJobRequest(request: JobRequest): void {
  const checked = checkRequest('jobs:start', request);
  if (!checked.ok) throw new AppError('USAGE', checked.error.message);
}

/**
 * Runs a job on `store` through the engine's own handlers, in process, as the desktop app and the web
 * host do: `jobs:start`, its progress events to `progress`, Ctrl-C -> `jobs:cancel`, and the stored
 * job's result, or its error thrown with its code.
 */
export async function runJob(
  store: ProjectStore,
  request: JobRequest,
  ctx: { progress: StageContext['progress']; log?: StageContext['log'] },
): Promise<unknown> {
  // The CLI's service runs this one job: every progress event is its own.
  const service = new EngineService(
    store,
    (name, payload) => {
      if (name === 'job:progress')
        ctx.progress((payload as { progress: Parameters<typeof ctx.progress>[0] }).progress);
    },
    undefined,
    // The app may have a job running in this project: its record is not this process's to fail.
    { ...(ctx.log ? { log: ctx.log } : {}), failInterrupted: false },
  );
  const started = await service.handle('jobs:start', request);
  if (!started.ok)
    throw new AppError(
      started.error.code === 'INVALID_INPUT' ? 'USAGE' : started.error.code,
      started.error.message,
    );
  const { jobId } = started.value as { jobId: string };
  const interrupt = abortOnSignals();
  const cancel = () => void service.handle('jobs:cancel', { jobId });
  interrupt.signal.addEventListener('abort', cancel);
  try {
    await service.idle();
  } finally {
    interrupt.signal.removeEventListener('abort', cancel);
    interrupt.dispose();
  }
  const got = await service.handle('jobs:get', { jobId });
  if (!got.ok) throw new AppError(got.error.code, got.error.message);
  const job = got.value as {
    status: string;
    result: unknown;
    error: { code: string; message: string } | null;
  };
  if (job.status === 'finished') return job.result;
  const error = job.error ?? { code: 'INTERNAL', message: `the job ended ${job.status}` };
  throw new AppError(error.code as AppError['code'], error.message);
}
