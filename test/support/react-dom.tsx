// Renders React components into a DOM (a test file opts in with `// @vitest-environment happy-dom`)
// against a fake engine: the real typed API from the contract over an in-memory transport.
import { act } from 'react';
import type { ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import type { Root } from 'react-dom/client';
import { createApi } from '../../src/shared/api';
import type { TaxonomistApi } from '../../src/shared/api';
import type {
  Channel,
  EventName,
  EventPayload,
  TaxonomyViewWire,
  TopicView,
} from '../../src/shared/contract';
import { toErrorData } from '../../src/shared/errors';

// Tells React that updates are wrapped in act().
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

type Handler = (input: Record<string, unknown>) => unknown;
export type FakeEngine = {
  api: TaxonomistApi;
  /** Every request, in order. */
  calls: { channel: Channel; input: Record<string, unknown> }[];
  callsTo(channel: Channel): Record<string, unknown>[];
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
};

/** An engine answering only the channels in `handlers`; others fail with NOT_FOUND. Throw an AppError to fail. */
export function fakeEngine(handlers: Partial<Record<Channel, Handler>>): FakeEngine {
  const calls: FakeEngine['calls'] = [];
  const listeners = new Set<(event: EventName, payload: unknown) => void>();
  const api = createApi({
    invoke: async (channel, input) => {
      calls.push({ channel, input: input as Record<string, unknown> });
      const handler = handlers[channel];
      if (!handler) return { ok: false, error: { code: 'NOT_FOUND', message: `no fake for ${channel}` } };
      try {
        return { ok: true, value: await handler(input as Record<string, unknown>) };
      } catch (e) {
        return { ok: false, error: toErrorData(e) };
      }
    },
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  });
  return {
    api,
    calls,
    callsTo: (channel) => calls.filter((c) => c.channel === channel).map((c) => c.input),
    emit: (event, payload) => {
      for (const l of listeners) l(event, payload);
    },
  };
}

/** How a fake edit is undone and redone, and what the Undo button calls it. */
export type FakeEdit = { label: string; undo: () => unknown; redo: () => unknown };

/**
 * Fake handlers with the project's one history added: every answer of a channel in `edits` that
 * returns an edit (null: it changed nothing) becomes an entry that history:undo and history:redo
 * take, newest first, as the engine does.
 */
export function withHistory(
  handlers: Partial<Record<Channel, Handler>>,
  edits: Partial<Record<Channel, (input: Record<string, unknown>, output: unknown) => FakeEdit | null>>,
): Partial<Record<Channel, Handler>> {
  type Entry = FakeEdit & { id: number; kind: string; at: string };
  const done: Entry[] = [];
  const undone: Entry[] = [];
  let next = 1;
  const view = (e: Entry | undefined) => (e ? { id: e.id, kind: e.kind, label: e.label, at: e.at } : null);
  const state = () => ({ undo: view(done.at(-1)), redo: view(undone.at(-1)) });
  const out: Partial<Record<Channel, Handler>> = { ...handlers };
  for (const [channel, describe] of Object.entries(edits) as [
    Channel,
    NonNullable<(typeof edits)[Channel]>,
  ][]) {
    const handler = handlers[channel]!;
    out[channel] = async (input) => {
      const output = await handler(input);
      const edit = describe(input, output);
      if (edit) {
        done.push({ ...edit, id: next++, kind: channel, at: '2026-01-01T00:00:00Z' });
        undone.length = 0;
      }
      return output;
    };
  }
  out['history:get'] = () => state();
  out['history:undo'] = async () => {
    const e = done.pop();
    if (e) {
      await e.undo();
      undone.push(e);
    }
    return { entry: view(e), history: state() };
  };
  out['history:redo'] = async () => {
    const e = undone.pop();
    if (e) {
      await e.redo();
      done.push(e);
    }
    return { entry: view(e), history: state() };
  };
  return out;
}

export type Rendered = { container: HTMLElement; unmount(): void };
const mounted: { root: Root; container: HTMLElement }[] = [];

export async function render(ui: ReactNode): Promise<Rendered> {
  const container = document.createElement('div');
  document.body.append(container);
  const root = createRoot(container);
  mounted.push({ root, container });
  await act(async () => root.render(ui));
  await settle();
  return {
    container,
    unmount: () => {
      act(() => root.unmount());
      container.remove();
    },
  };
}

/** Unmounts everything render() mounted (call from afterEach). */
export function cleanup(): void {
  for (const { root, container } of mounted.splice(0)) {
    act(() => root.unmount());
    container.remove();
  }
  document.body.innerHTML = '';
}

/** Lets pending promises (fake engine answers) and the renders they cause finish. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await act(async () => {
      await new Promise((resolve) => setTimeout(resolve, 0));
    });
  }
}

/** A key press on `target` (the focused element when left out), as the browser dispatches it. */
export async function press(
  key: string,
  options: { target?: Element | null; ctrlKey?: boolean; shiftKey?: boolean; metaKey?: boolean } = {},
): Promise<void> {
  const { target = document.activeElement, ...mods } = options;
  if (!target) throw new Error(`nothing to press ${key} on`);
  await act(async () => {
    target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...mods }));
  });
  await settle();
}

/** Types into a controlled input the way a browser does: the value changes, then an input event. */
export async function type(input: HTMLInputElement, text: string): Promise<void> {
  await act(async () => {
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(input, text);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
  await settle();
}

export async function click(target: Element | null): Promise<void> {
  if (!target) throw new Error('nothing to click');
  await act(async () => {
    (target as HTMLElement).click();
  });
  await settle();
}

/** The button whose text (or aria-label) is `name`, inside `root`. */
export function button(root: ParentNode, name: string | RegExp): HTMLButtonElement {
  const all = Array.from(root.querySelectorAll('button'));
  const found = all.find((b) => {
    const text = b.getAttribute('aria-label') ?? b.textContent ?? '';
    return typeof name === 'string' ? text.trim() === name : name.test(text);
  });
  if (!found)
    throw new Error(`no button "${String(name)}" among: ${all.map((b) => b.textContent).join(', ')}`);
  return found;
}

/** A small taxonomy: two categories, the first with two topics. */
export function taxonomyView(overrides: Partial<TaxonomyViewWire> = {}): TaxonomyViewWire {
  const node = (id: number, parentId: number | null, depth: number, label: string, clusterIds: number[]) => ({
    id,
    parentId,
    depth,
    label,
    definition: null,
    flags: {},
    clusterIds,
    documents: clusterIds.length * 10,
    issues: [],
  });
  return {
    taxonomy: { id: 7, name: 'CSCL scheme', source: 'offline', runId: 3 },
    nodes: [
      node(1, null, 0, 'Learning analytics', []),
      node(2, 1, 1, 'Dashboards', [0]),
      node(3, 1, 1, 'Discourse analysis', [1]),
      node(4, null, 0, 'Collaboration scripts', [2]),
    ],
    unplacedClusterIds: [],
    coverage: { placed: 30, total: 30, share: 1 },
    fallback: null,
    canUndo: false,
    canRedo: false,
    ...overrides,
  };
}

export function topic(clusterId: number, size: number, label: string, assigned = 0): TopicView {
  return {
    runId: 3,
    clusterId,
    size,
    core: size - assigned,
    assigned,
    label,
    description: null,
    source: 'keywords',
    locked: false,
    keyphrases: [label.toLowerCase()],
  };
}
