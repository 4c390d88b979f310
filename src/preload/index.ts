// Runs sandboxed (no Node, `require` limited to electron and a few modules), so it is bundled into one
// CommonJS file and imports only types from elsewhere.
import { contextBridge, ipcRenderer } from 'electron';
import type { AppErrorData } from '../shared/errors';
import type { AppInfo, TaxonomistApi } from './taxonomist-api';

type Reply<T> = { ok: true; value: T } | { ok: false; error: AppErrorData };

async function invoke<T>(channel: string): Promise<T> {
  const reply = (await ipcRenderer.invoke(channel)) as Reply<T>;
  if (reply.ok) return reply.value;
  // Errors crossing the context bridge keep only their message, so the code goes in it.
  throw new Error(`${reply.error.code}: ${reply.error.message}`);
}

const api: TaxonomistApi = {
  appInfo: () => invoke<AppInfo>('app:info'),
};

contextBridge.exposeInMainWorld('taxonomist', api);
