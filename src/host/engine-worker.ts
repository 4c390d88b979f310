// Worker-thread entry of the engine: the thread that serves HTTP never runs pipeline work.
import { parentPort, workerData } from 'node:worker_threads';
import { serveEngine } from './engine-main';
import type { EngineStart, ToEngine } from './engine-protocol';

if (!parentPort) throw new Error('engine-worker must run in a worker thread');
const port = parentPort;
serveEngine(
  {
    post: (m) => port.postMessage(m),
    onMessage: (listener) => port.on('message', (m: ToEngine) => listener(m)),
  },
  workerData as EngineStart,
);
