// @vitest-environment happy-dom
import { renderToStaticMarkup } from 'react-dom/server';
import { afterEach, describe, expect, it } from 'vitest';
import type { TaxonomistApi } from '../../../../src/shared/api';
import { ImportLauncher } from '../../../../src/renderer/features/import/ImportLauncher';
import { ImportWizard } from '../../../../src/renderer/features/import/ImportWizard';
import { button, cleanup, click, press, render } from '../../../support/react-dom';

// Server rendering runs no effects, so the API is never called: these check the first paint.
const api = {} as TaxonomistApi;
// The dialog renders into the page (a portal): an engine that answers nothing and pushes nothing.
const quietApi = { on: () => () => {} } as unknown as TaxonomistApi;

describe('ImportLauncher', () => {
  it('invites an import into an empty project, and offers a plain button otherwise', () => {
    const empty = renderToStaticMarkup(<ImportLauncher api={api} documents={0} />);
    expect(empty).toMatch(/role="region" aria-labelledby="import-cta-title"/);
    expect(empty).toContain('Start with a corpus');
    expect(empty).toMatch(/<button type="button" class="import-launch primary">Import corpus…<\/button>/);
    const full = renderToStaticMarkup(<ImportLauncher api={api} documents={12} />);
    expect(full).not.toContain('Start with a corpus');
    expect(full).toMatch(/<button type="button" class="import-launch"[^>]*>Import corpus…<\/button>/);
    // A toolbar's launcher is only the short button, even on an empty project.
    const compact = renderToStaticMarkup(<ImportLauncher api={api} documents={0} compact />);
    expect(compact).not.toContain('Start with a corpus');
    expect(compact).toMatch(/<button type="button" class="import-launch"[^>]*>Import…<\/button>/);
    // The wizard mounts on the first opening.
    expect(full).not.toContain('role="dialog"');
  });
});

describe('ImportWizard', () => {
  afterEach(cleanup);

  it('opens on the file step as a labelled modal dialog with Next disabled until a path is typed', async () => {
    await render(<ImportWizard api={quietApi} open onClose={() => {}} />);
    const dialog = document.querySelector<HTMLElement>('[role="dialog"]')!;
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    expect(document.getElementById(dialog.getAttribute('aria-labelledby')!)?.textContent).toBe(
      'Import corpus',
    );
    const heading = dialog.querySelector('h3#import-step-file')!;
    expect(heading.getAttribute('tabindex')).toBe('-1');
    expect(heading.textContent).toBe('Step 1 of 4: Choose a file');
    expect(document.activeElement).toBe(heading);
    expect(dialog.querySelector('label[for="import-path"]')?.textContent).toBe('Corpus file');
    expect(dialog.querySelector('label[for="import-format"]')?.textContent).toBe('Format');
    expect(dialog.querySelector('label[for="import-encoding"]')?.textContent).toBe('Text encoding');
    const next = button(dialog, 'Next');
    expect(next.type).toBe('submit');
    expect(next.className).toBe('primary');
    expect(next.disabled).toBe(true);
    expect(dialog.textContent).toContain('Enter the path of a corpus file.');
    expect(dialog.querySelector('li[aria-current="step"]')?.textContent).toContain('Choose a file');
  });

  it('shows nothing while closed, and Escape or its close button asks to close it', async () => {
    let closed = 0;
    const { unmount } = await render(<ImportWizard api={quietApi} open={false} onClose={() => closed++} />);
    expect(document.querySelector('[role="dialog"]')).toBeNull();
    unmount();
    await render(<ImportWizard api={quietApi} open onClose={() => closed++} />);
    await press('Escape');
    expect(closed).toBe(1);
    await click(button(document.body, 'Close the import wizard'));
    expect(closed).toBe(2);
  });
});
