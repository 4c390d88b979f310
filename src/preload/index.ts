// Runs sandboxed (no Node, `require` limited to electron and a few modules), so it is bundled into one
// CommonJS file. It builds the typed API from the shared contract: one method per request channel.
import { contextBridge, ipcRenderer } from 'electron';
import { createApi } from '../shared/api';
import type { Transport } from '../shared/api';
import { EVENT_CHANNEL } from '../shared/contract';
import type { EventMessage, Result } from '../shared/contract';

const transport: Transport = {
  invoke: (channel, input) => ipcRenderer.invoke(channel, input) as Promise<Result<unknown>>,
  subscribe: (listener) => {
    const handler = (_e: unknown, message: EventMessage) => listener(message.event, message.payload);
    ipcRenderer.on(EVENT_CHANNEL, handler);
    return () => ipcRenderer.off(EVENT_CHANNEL, handler);
  },
};

contextBridge.exposeInMainWorld('taxonomist', createApi(transport));
