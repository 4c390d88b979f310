// @vitest-environment happy-dom
import { act } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { PipelinePanel } from '../../../../src/renderer/features/pipeline/PipelinePanel';
import { formatBytes, keyOutcomeText } from '../../../../src/renderer/features/settings/settings-model';
import { AppError } from '../../../../src/shared/errors';
import { button, cleanup, click, fakeEngine, press, render, settle, type } from '../../../support/react-dom';

const MODELS = {
  cacheDir: '/home/ada/.cache/taxonomist/models',
  cacheDirSource: 'default' as const,
  models: [
    {
      id: 'jinaai/jina-embeddings-v2-small-en',
      bytes: 133_000_000,
      onnxFiles: ['model.onnx', 'model_fp16.onnx'],
    },
    { id: 'Xenova/all-MiniLM-L6-v2', bytes: 2_400_000, onnxFiles: ['model_quantized.onnx'] },
  ],
  offline: ['use-lite'],
};

/** An engine keeping keys in memory, like the engine does for a session (or the shell, persistently). */
function engine(options: { persistent?: boolean; failSave?: boolean; models?: unknown } = {}) {
  const keys: Record<string, boolean> = { mistral: false, anthropic: true, openai: false };
  return fakeEngine({
    'jobs:list': () => ({ jobs: [] }),
    'settings:api-keys': () => ({ ...keys }),
    'settings:set-api-key': ({ provider, key }) => {
      if (options.failSave) throw new AppError('INTERNAL', 'this system offers no encrypted storage');
      keys[provider as string] = key !== null;
      return { stored: key !== null, persistent: options.persistent ?? false };
    },
    'settings:models': () => options.models ?? MODELS,
  });
}

const dialog = () => document.querySelector<HTMLElement>('[role="dialog"]');
const keyForm = (label: string) =>
  dialog()!.querySelector<HTMLFormElement>(`form[aria-label="${label} API key"]`)!;
const status = (provider: string) =>
  dialog()!.querySelector(`[data-testid="key-status-${provider}"]`)?.textContent;

async function openSettings(api: ReturnType<typeof engine>['api']) {
  const { container } = await render(<PipelinePanel api={api} />);
  const opener = button(container, 'Settings…');
  opener.focus();
  await click(opener);
  return opener;
}

afterEach(() => cleanup());

describe('Settings in the pipeline panel', () => {
  it('opens a modal dialog that says which providers have a key, with focus inside', async () => {
    const { api } = engine();
    await openSettings(api);
    const d = dialog();
    expect(d).not.toBeNull();
    expect(d!.getAttribute('aria-modal')).toBe('true');
    expect(document.getElementById(d!.getAttribute('aria-labelledby')!)?.textContent).toBe('Settings');
    expect(d!.contains(document.activeElement)).toBe(true);
    expect(status('mistral')).toBe('no key');
    expect(status('anthropic')).toBe('key stored');
    expect(status('openai')).toBe('no key');
    for (const label of ['Mistral', 'Anthropic', 'OpenAI-compatible']) {
      const input = keyForm(label).querySelector('input')!;
      expect(input.type).toBe('password');
      expect(document.querySelector(`label[for="${input.id}"]`)?.textContent).toBe(label);
    }
    // Nothing to clear where no key is stored.
    expect(button(keyForm('Mistral'), 'Clear the Mistral key').disabled).toBe(true);
    expect(button(keyForm('Anthropic'), 'Clear the Anthropic key').disabled).toBe(false);
  });

  it('saves a key for the session, never shows it again, and does not start a build', async () => {
    const { api, callsTo } = engine();
    await openSettings(api);
    const form = keyForm('Mistral');
    const input = form.querySelector('input')!;
    expect(button(form, 'Save').disabled).toBe(true);
    await type(input, '  sk-secret-123  ');
    expect(button(form, 'Save').disabled).toBe(false);
    await click(button(form, 'Save'));
    expect(callsTo('settings:set-api-key')).toEqual([{ provider: 'mistral', key: 'sk-secret-123' }]);
    expect(callsTo('jobs:start')).toEqual([]);
    expect(status('mistral')).toBe('key stored');
    expect(input.value).toBe('');
    expect(dialog()!.innerHTML).not.toContain('sk-secret-123');
    const note = form.querySelector('[role="status"]')!.textContent;
    expect(note).toContain('for this session only');
    expect(note).toContain('MISTRAL_API_KEY');
    expect(input.getAttribute('aria-describedby')).toContain(form.querySelector('[role="status"]')!.id);
  });

  it('says when the key is kept across restarts', async () => {
    const { api } = engine({ persistent: true });
    await openSettings(api);
    const form = keyForm('OpenAI-compatible');
    await type(form.querySelector('input')!, 'sk-openai');
    // What Enter in the field does in a browser.
    await act(async () => form.requestSubmit());
    await settle();
    expect(status('openai')).toBe('key stored');
    expect(form.querySelector('[role="status"]')!.textContent).toMatch(/kept encrypted .* after a restart/);
  });

  it('clears a stored key', async () => {
    const { api, callsTo } = engine();
    await openSettings(api);
    const form = keyForm('Anthropic');
    await click(button(form, 'Clear the Anthropic key'));
    expect(callsTo('settings:set-api-key')).toEqual([{ provider: 'anthropic', key: null }]);
    expect(status('anthropic')).toBe('no key');
    expect(form.querySelector('[role="status"]')!.textContent).toContain('Key cleared for this session');
    expect(button(form, 'Clear the Anthropic key').disabled).toBe(true);
  });

  it('shows why a key could not be saved, and keeps what was typed', async () => {
    const { api } = engine({ failSave: true });
    await openSettings(api);
    const form = keyForm('Mistral');
    const input = form.querySelector('input')!;
    await type(input, 'sk-1');
    await click(button(form, 'Save'));
    expect(form.querySelector('[role="alert"]')?.textContent).toBe(
      'Could not save the key: this system offers no encrypted storage',
    );
    expect(status('mistral')).toBe('no key');
    expect(input.value).toBe('sk-1');
  });

  it('shows the model cache folder, the downloaded models with sizes, and the offline model', async () => {
    const { api } = engine();
    await openSettings(api);
    const d = dialog()!;
    expect(d.querySelector('[data-testid="model-cache-dir"]')?.textContent).toBe(MODELS.cacheDir);
    expect(d.textContent).toContain('set TAXONOMIST_MODEL_CACHE');
    const rows = Array.from(d.querySelectorAll('table[aria-label="Downloaded models"] tbody tr')).map((r) =>
      Array.from(r.children).map((c) => c.textContent),
    );
    expect(rows).toEqual([
      ['jinaai/jina-embeddings-v2-small-en', '133 MB', 'model.onnx, model_fp16.onnx'],
      ['Xenova/all-MiniLM-L6-v2', '2.4 MB', 'model_quantized.onnx'],
    ]);
    const offline = d.querySelector('ul[aria-label="Models that need no download"]')!.textContent;
    expect(offline).toContain('use-lite');
    expect(offline).toContain('no download');
  });

  it('says when the folder comes from TAXONOMIST_MODEL_CACHE and when nothing is downloaded', async () => {
    const { api } = engine({
      models: { ...MODELS, cacheDir: '/data/models', cacheDirSource: 'env', models: [] },
    });
    await openSettings(api);
    const d = dialog()!;
    expect(d.textContent).toContain('Set by TAXONOMIST_MODEL_CACHE.');
    expect(d.textContent).toContain('No models downloaded yet.');
    expect(d.querySelector('table')).toBeNull();
  });

  it('closes on Escape and gives focus back to the Settings button', async () => {
    const { api } = engine();
    const opener = await openSettings(api);
    await press('Escape');
    expect(dialog()).toBeNull();
    expect(document.activeElement).toBe(opener);
  });
});

describe('settings text', () => {
  it('formats sizes and outcomes', () => {
    expect(formatBytes(0)).toBe('0 bytes');
    expect(formatBytes(1)).toBe('1 byte');
    expect(formatBytes(1_500)).toBe('1.5 KB');
    expect(formatBytes(523_000_000)).toBe('523 MB');
    expect(formatBytes(2_100_000_000)).toBe('2.1 GB');
    expect(keyOutcomeText({ stored: false, persistent: true }, 'X')).toBe(
      'Key cleared. It is removed from this computer.',
    );
  });
});
