import { describe, expect, it } from 'vitest';
import { EngineService } from '../../../src/engine/service';
import { ProjectStore } from '../../../src/engine/store';

// The engine has no native save dialog: only the desktop shell answers files:save-text with one, so
// the engine (and the web host, which forwards to it) says UNSUPPORTED and the page downloads instead.
describe('files:save-text in the engine', () => {
  const svc = new EngineService(ProjectStore.open(':memory:', { create: true }), () => {});

  it('answers UNSUPPORTED for a valid request', async () => {
    const result = await svc.handle('files:save-text', { suggestedName: 'scheme.md', text: '. A\n' });
    expect(result).toMatchObject({ ok: false, error: { code: 'UNSUPPORTED' } });
  });

  it('still validates the request first', async () => {
    for (const bad of [
      { suggestedName: '', text: 'x' },
      { suggestedName: 'a.md' },
      { suggestedName: 'a.md', text: 'x', filters: [{ name: 'Markdown', extensions: [] }] },
      { suggestedName: 'a.md', text: 'x', path: '/etc/passwd' },
    ])
      expect(await svc.handle('files:save-text', bad), JSON.stringify(bad)).toMatchObject({
        ok: false,
        error: { code: 'INVALID_INPUT' },
      });
  });
});

// Nor has it an open-file dialog: the import wizard's Browse… uploads the file on the web host instead.
describe('files:pick-corpus in the engine', () => {
  const svc = new EngineService(ProjectStore.open(':memory:', { create: true }), () => {});

  it('answers UNSUPPORTED, after validating the request', async () => {
    expect(await svc.handle('files:pick-corpus', {})).toMatchObject({
      ok: false,
      error: { code: 'UNSUPPORTED', message: expect.stringMatching(/upload the file/) },
    });
    expect(await svc.handle('files:pick-corpus', { path: '/etc/passwd' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
  });
});
