import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { App } from '../../src/renderer/App';
import { createApi } from '../../src/shared/api';

describe('App', () => {
  it('shows the product name and what it does', () => {
    const html = renderToStaticMarkup(<App api={undefined} />);
    expect(html).toMatch(/<h1 class="app-title"[^>]*>Taxonomist<\/h1>/);
    expect(html).toContain('Turn a corpus of research papers into a reviewed topic taxonomy.');
  });

  it('renders without the desktop shell instead of failing', () => {
    expect(renderToStaticMarkup(<App api={undefined} />)).toContain('Running without the desktop shell');
  });

  it('waits for the app info inside the desktop shell', () => {
    // An engine that never answers.
    const api = createApi({ invoke: () => new Promise(() => {}), subscribe: () => () => {} });
    expect(renderToStaticMarkup(<App api={api} />)).toContain('Loading app info');
  });
});
