import { createApi } from '../shared/api';
import type { TaxonomistApi, Transport } from '../shared/api';
import type { Channel, EventName, Result } from '../shared/contract';

/**
 * The API over the local web host (`taxonomist serve`): requests are POSTs to /api/<channel>, events
 * arrive on a WebSocket at /api/events. The session token travels as the HttpOnly cookie the host
 * set when the page was opened with it.
 */
export function webTransport(origin: string = location.origin): Transport {
  const listeners = new Set<(event: EventName, payload: unknown) => void>();
  let socket: WebSocket | null = null;
  let retry = 500;
  const connect = () => {
    socket = new WebSocket(`${origin.replace(/^http/, 'ws')}/api/events`);
    socket.onopen = () => (retry = 500);
    socket.onmessage = (m) => {
      const { event, payload } = JSON.parse(String(m.data)) as { event: EventName; payload: unknown };
      for (const l of listeners) l(event, payload);
    };
    // A reconnecting page catches up from stored jobs (jobs:list), so dropped events are not lost.
    socket.onclose = () => {
      socket = null;
      if (listeners.size) setTimeout(connect, (retry = Math.min(retry * 2, 10_000)));
    };
  };
  return {
    async invoke(channel: Channel, input: unknown): Promise<Result<unknown>> {
      try {
        const res = await fetch(`${origin}/api/${channel}`, {
          method: 'POST',
          credentials: 'same-origin',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(input ?? {}),
        });
        if (res.status === 403)
          return {
            ok: false,
            error: {
              code: 'USAGE',
              message: 'this page has no valid session: open the URL that `taxonomist serve` printed',
            },
          };
        return (await res.json()) as Result<unknown>;
      } catch (e) {
        return {
          ok: false,
          error: { code: 'INTERNAL', message: `the engine cannot be reached: ${(e as Error).message}` },
        };
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      if (!socket) connect();
      return () => listeners.delete(listener);
    },
  };
}

/** The desktop shell's API when there is one, else the web host's when served over HTTP. */
export function resolveApi(): TaxonomistApi | undefined {
  if (window.taxonomist) return window.taxonomist;
  if (location.protocol === 'http:' || location.protocol === 'https:') return createApi(webTransport());
  return undefined;
}
