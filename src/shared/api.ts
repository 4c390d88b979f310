import type { Channel, EventName, EventPayload, RequestInput, RequestOutput, Result } from './contract';
import { channels, methodName } from './contract';

type CamelDash<S extends string> = S extends `${infer A}-${infer B}` ? `${A}${Capitalize<CamelDash<B>>}` : S;
/** 'jobs:start' -> 'jobsStart', 'documents:list' -> 'documentsList'. */
export type MethodName<C extends string> = C extends `${infer A}:${infer B}`
  ? `${CamelDash<A>}${Capitalize<CamelDash<B>>}`
  : C;

/** The typed API the renderer uses, the same over Electron IPC and over the web host. */
export type TaxonomistApi = {
  [C in Channel as MethodName<C>]: (input?: RequestInput<C>) => Promise<RequestOutput<C>>;
} & {
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
};

export type Transport = {
  invoke(channel: Channel, input: unknown): Promise<Result<unknown>>;
  subscribe(listener: (event: EventName, payload: unknown) => void): () => void;
};

/** An error from the engine, with its code kept. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Builds the API from the contract's channel list over any transport. */
export function createApi(transport: Transport): TaxonomistApi {
  const api: Record<string, unknown> = {};
  for (const channel of channels) {
    api[methodName(channel)] = async (input?: unknown) => {
      const result = await transport.invoke(channel, input ?? {});
      if (result.ok) return result.value;
      throw new ApiError(result.error.code, result.error.message);
    };
  }
  api.on = (event: EventName, listener: (payload: unknown) => void) =>
    transport.subscribe((name, payload) => {
      if (name === event) listener(payload);
    });
  return api as TaxonomistApi;
}
