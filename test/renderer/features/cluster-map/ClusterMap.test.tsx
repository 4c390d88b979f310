// @vitest-environment happy-dom
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import type { Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Deck } from '@deck.gl/core';
import type * as DeckCore from '@deck.gl/core';
import { ClusterMap, NOISE_LABEL } from '../../../../src/renderer/features/cluster-map/ClusterMap';
import type { ClusterMapLayer } from '../../../../src/renderer/features/cluster-map/cluster-map-layer';
import { generateClusterMapData } from '../../../../src/renderer/features/cluster-map/fixture-data';
import { settle } from '../../../support/react-dom';

// The map's React side in a DOM without WebGL: deck.gl's Deck is replaced by a recorder that keeps
// its props, so a test can tell a remount (a new Deck) from an update in place (setProps).
vi.mock('@deck.gl/core', async (importOriginal) => {
  const actual = await importOriginal<typeof DeckCore>();
  class RecordingDeck {
    static made: RecordingDeck[] = [];
    props: Record<string, unknown>;
    updates: Record<string, unknown>[] = [];
    constructor(props: Record<string, unknown>) {
      this.props = { ...props };
      RecordingDeck.made.push(this);
    }
    setProps(props: Record<string, unknown>) {
      this.updates.push(props);
      Object.assign(this.props, props);
    }
    finalize() {}
    getCanvas() {
      return null;
    }
    getViewports() {
      return [];
    }
    pickObject() {
      return { object: { pointIndex: PICKED } };
    }
    _drawLayers() {}
  }
  return { ...actual, Deck: RecordingDeck };
});

type Recording = {
  made: Recording[];
  props: Record<string, unknown>;
  updates: Record<string, unknown>[];
};
const decks = () => (Deck as unknown as { made: Recording[] }).made;

const data = generateClusterMapData(400, { seed: 7 });
/** The point a click picks: a clustered one. */
const PICKED = data.clusterIds.findIndex((c) => c >= 0);
const pickedTopic = data.clusterIds[PICKED]!;

let root: Root;
let container: HTMLElement;

beforeEach(() => {
  decks().length = 0;
  container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
});

afterEach(() => {
  act(() => root.unmount());
  container.remove();
});

async function show(labelOf?: (clusterId: number) => string | undefined) {
  await act(async () =>
    root.render(
      <ClusterMap
        data={data}
        getDocument={async () => ({ abstract: 'An abstract.' })}
        onMoveToTopic={() => {}}
        labelOf={labelOf}
      />,
    ),
  );
  await settle();
}

async function clickCanvas() {
  const canvas = container.querySelector('[data-testid="cluster-map-canvas"]')!;
  await act(async () => {
    canvas.dispatchEvent(
      new PointerEvent('pointerdown', { bubbles: true, button: 0, clientX: 50, clientY: 50 }),
    );
    canvas.dispatchEvent(
      new PointerEvent('pointerup', { bubbles: true, button: 0, clientX: 50, clientY: 50 }),
    );
  });
  await settle();
}

const text = (selector: string) => container.querySelector(selector)?.textContent ?? null;
const legendLabels = () =>
  Array.from(container.querySelectorAll('[data-testid="legend-row"] .label'), (e) => e.textContent);
const mapLabels = () => {
  const layers = decks()[0]!.props.layers as ClusterMapLayer[];
  return layers[0]!.props.model.anchors.map((a) => a.label);
};

describe('ClusterMap labels', () => {
  it('names topics by labelOf everywhere, and follows a new labelOf in place', async () => {
    const renamed = (suffix: string) => (c: number) => (c === pickedTopic ? `Renamed ${suffix}` : undefined);
    await show(renamed('once'));
    expect(decks()).toHaveLength(1);
    await clickCanvas();
    expect(text('[data-testid="document-topic"]')).toBe('Renamed once');
    expect(legendLabels()).toContain('Renamed once');
    expect(mapLabels()).toContain('Renamed once');
    // Topics labelOf leaves alone keep the data's label.
    const other = data.topics.find((t) => t.clusterId !== pickedTopic)!;
    expect(legendLabels()).toContain(other.label);

    await show(renamed('twice'));
    // The same Deck, not refitted: the view, the open document and the legend stay.
    expect(decks()).toHaveLength(1);
    expect(decks()[0]!.updates.some((u) => 'initialViewState' in u)).toBe(false);
    expect(text('[data-testid="document-topic"]')).toBe('Renamed twice');
    expect(legendLabels()).toContain('Renamed twice');
    expect(legendLabels()).not.toContain('Renamed once');
    expect(mapLabels()).toContain('Renamed twice');
    const original = data.topics.find((t) => t.clusterId === pickedTopic)!.label;
    expect(legendLabels()).not.toContain(original);
  });

  it('uses the data labels without labelOf', async () => {
    await show();
    await clickCanvas();
    const original = data.topics.find((t) => t.clusterId === pickedTopic)!.label;
    expect(text('[data-testid="document-topic"]')).toBe(original);
    expect(mapLabels()).toContain(original);
  });
});

describe('ClusterMap legend and keys', () => {
  it('puts noise first in the legend, with its count, and its button shows and hides noise', async () => {
    await show();
    const legend = container.querySelector('section[aria-label="Legend"]')!;
    const first = legend.querySelector('button')!;
    expect(first.dataset.testid).toBe('legend-noise');
    const noise = data.clusterIds.filter((c) => c < 0).length;
    expect(first.textContent).toBe(`${NOISE_LABEL}${noise.toLocaleString('en-US')}`);
    const checkbox = () =>
      Array.from(container.querySelectorAll('label'))
        .find((l) => l.textContent?.includes('Show noise'))!
        .querySelector('input')!;
    expect(checkbox().checked).toBe(true);
    const drawn = () =>
      Number(container.querySelector<HTMLElement>('[data-testid="cluster-map-canvas"]')!.dataset.drawnPoints);
    expect(drawn()).toBe(400);
    await act(async () => first.click());
    expect(first.getAttribute('aria-pressed')).toBe('false');
    expect(checkbox().checked).toBe(false);
    expect(drawn()).toBe(400 - noise);
    expect(container.querySelectorAll('[data-testid="legend-row"]')).toHaveLength(data.topics.length);
  });

  it('closes the document panel on Escape', async () => {
    await show();
    await clickCanvas();
    expect(container.querySelector('section[aria-label="Document"]')).not.toBeNull();
    const section = container.querySelector('section[aria-label="Cluster map"]')!;
    await act(async () => {
      section.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, cancelable: true }));
    });
    expect(container.querySelector('section[aria-label="Document"]')).toBeNull();
  });

  it('folds the side column away and back', async () => {
    await show();
    const toggle = Array.from(container.querySelectorAll('button')).find((b) => b.textContent === 'Legend')!;
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    await act(async () => toggle.click());
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(container.querySelector('aside')!.hidden).toBe(true);
    // Opening a document brings it back.
    await clickCanvas();
    expect(container.querySelector('aside')!.hidden).toBe(false);
  });
});
