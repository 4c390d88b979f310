import { AppError } from '../shared/errors';
import { ProjectStore } from '../engine/store';
import type { EnginePort, EngineStart, ToEngine } from './engine-protocol';
import { EngineService } from '../engine/service';

/**
 * Runs the engine on a message port: opens the project, answers requests, forwards events. Used
 * by the worker thread behind the web host and by Electron's utility process.
 */
export function serveEngine(port: EnginePort, options: EngineStart): void {
  let service: EngineService;
  try {
    const store = ProjectStore.open(options.projectPath, { create: options.create ?? false });
    service = new EngineService(store, (name, payload) => port.post({ type: 'event', name, payload }), {
      name: 'Taxonomist',
      version: options.version ?? '0.1.0',
    });
  } catch (e) {
    port.post({ type: 'fatal', message: e instanceof AppError ? e.message : String(e) });
    return;
  }
  port.onMessage((message: ToEngine) => {
    if (message.type === 'shutdown') {
      service.store.close();
      process.exit(0);
    }
    if (message.type === 'request') {
      void service
        .handle(message.channel, message.input)
        .then((result) => port.post({ type: 'response', id: message.id, result }));
    }
  });
  port.post({ type: 'ready' });
}
