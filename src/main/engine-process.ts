// Entry of the engine's utility process: the project store and every pipeline stage run here, never
// on Electron's main thread. The project path comes as the first argument, then `--create` when the
// file is to be made.
import { serveEngine } from '../host/engine-main';
import type { ToEngine } from '../host/engine-protocol';

type ParentPort = {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (e: { data: unknown }) => void): void;
};
const parentPort = (process as unknown as { parentPort: ParentPort }).parentPort;
const projectPath = process.argv[2];
if (!projectPath) throw new Error('engine-process: no project path given');

serveEngine(
  {
    post: (m) => parentPort.postMessage(m),
    onMessage: (listener) => parentPort.on('message', (e) => listener(e.data as ToEngine)),
  },
  { projectPath, create: process.argv[3] === '--create' },
);
