import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { AppInfoPanel } from '../../../src/renderer/components/AppInfoPanel';

// No DOM here: components render to static markup, which is all these need.
describe('AppInfoPanel', () => {
  it('lists name, version and platform', () => {
    const html = renderToStaticMarkup(
      <AppInfoPanel
        state={{ status: 'ready', info: { name: 'taxonomist', version: '0.1.0', platform: 'darwin' } }}
      />,
    );
    expect(html).toContain('<dd>taxonomist</dd>');
    expect(html).toContain('<dd>0.1.0</dd>');
    expect(html).toContain('<dd>darwin</dd>');
  });

  it('says when it runs without the desktop shell', () => {
    expect(renderToStaticMarkup(<AppInfoPanel state={{ status: 'no-shell' }} />)).toContain(
      'Running without the desktop shell',
    );
  });

  it('shows loading and failure states', () => {
    expect(renderToStaticMarkup(<AppInfoPanel state={{ status: 'loading' }} />)).toContain(
      'Loading app info',
    );
    const failed = renderToStaticMarkup(
      <AppInfoPanel state={{ status: 'failed', message: 'INTERNAL: <boom>' }} />,
    );
    expect(failed).toContain('role="alert"');
    expect(failed).toContain('INTERNAL: &lt;boom&gt;');
  });
});
