import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { TaxonomistApi } from '../../../../src/shared/api';
import { ImportLauncher } from '../../../../src/renderer/features/import/ImportLauncher';
import { ImportWizard } from '../../../../src/renderer/features/import/ImportWizard';

// Server rendering runs no effects, so the API is never called: these check the first paint.
const api = {} as TaxonomistApi;

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
  it('opens on the file step as a labelled modal dialog with Next disabled until a path is typed', () => {
    const html = renderToStaticMarkup(<ImportWizard api={api} open onClose={() => {}} />);
    expect(html).toMatch(/role="dialog" aria-modal="true" aria-labelledby="import-wizard-title"/);
    expect(html).toMatch(/<h3 id="import-step-file" tabindex="-1"[^>]*>Step 1 of 4: Choose a file<\/h3>/);
    expect(html).toMatch(/<label for="import-path">Corpus file<\/label>/);
    expect(html).toMatch(/<label for="import-format">Format<\/label>/);
    expect(html).toMatch(/<label for="import-encoding">Text encoding<\/label>/);
    expect(html).toMatch(/<button type="submit" class="primary" disabled=""[^>]*>Next<\/button>/);
    expect(html).toContain('Enter the path of a corpus file.');
    expect(html).toMatch(/<li aria-current="step">/);
    const closed = renderToStaticMarkup(<ImportWizard api={api} open={false} onClose={() => {}} />);
    expect(closed).toMatch(/class="import-overlay" hidden=""/);
  });
});
