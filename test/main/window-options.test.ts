import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  isAllowedNavigation,
  isAppUrl,
  isExternalHttpUrl,
  rendererEntryUrl,
  windowOptions,
} from '../../src/main/window-options';

const devEntry = 'http://localhost:5173/';
const fileEntry = pathToFileURL('/opt/Taxonomist/resources/app/out/renderer/index.html').href;

describe('windowOptions', () => {
  it('isolates and sandboxes the renderer and gives it no Node', () => {
    const prefs = windowOptions('/app/out/preload/index.cjs').webPreferences;
    expect(prefs).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });

  it('waits for ready-to-show and sets the icon only when given one', () => {
    expect(windowOptions('/p.cjs').show).toBe(false);
    expect(windowOptions('/p.cjs')).not.toHaveProperty('icon');
    expect(windowOptions('/p.cjs', '/icon.png').icon).toBe('/icon.png');
  });
});

describe('rendererEntryUrl', () => {
  it('uses the dev server in development', () => {
    expect(
      rendererEntryUrl({ isPackaged: false, devServerUrl: devEntry, indexHtmlPath: '/x/index.html' }),
    ).toBe(devEntry);
  });

  it('uses the built file when there is no dev server', () => {
    expect(rendererEntryUrl({ isPackaged: false, indexHtmlPath: '/x/index.html' })).toBe(
      'file:///x/index.html',
    );
  });

  it('ignores the environment in a packaged app', () => {
    const url = rendererEntryUrl({
      isPackaged: true,
      devServerUrl: 'http://evil.test/',
      indexHtmlPath: '/x/index.html',
    });
    expect(url).toBe('file:///x/index.html');
  });
});

describe('isAppUrl and isAllowedNavigation', () => {
  it('allows the dev server origin, any path', () => {
    expect(isAllowedNavigation('http://localhost:5173/', devEntry)).toBe(true);
    expect(isAllowedNavigation('http://localhost:5173/topics?x=1#a', devEntry)).toBe(true);
  });

  it('refuses other origins, ports, schemes and garbage', () => {
    for (const url of [
      'http://localhost:5174/',
      'https://localhost:5173/',
      'http://127.0.0.1:5173/',
      'https://example.com/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'data:text/html,<h1>hi</h1>',
      'not a url',
      '',
    ]) {
      expect(isAllowedNavigation(url, devEntry), url).toBe(false);
    }
  });

  it('allows only the entry file itself when loaded from disk', () => {
    expect(isAllowedNavigation(fileEntry, fileEntry)).toBe(true);
    expect(isAllowedNavigation(`${fileEntry}#/topics`, fileEntry)).toBe(true);
    expect(isAllowedNavigation(`${fileEntry}?run=2`, fileEntry)).toBe(true);
    expect(isAllowedNavigation(fileEntry.replace('index.html', 'other.html'), fileEntry)).toBe(false);
    expect(isAllowedNavigation('file:///etc/passwd', fileEntry)).toBe(false);
    expect(isAllowedNavigation('https://example.com/index.html', fileEntry)).toBe(false);
  });

  it('treats an entry with an unexpected scheme as matching nothing', () => {
    expect(isAppUrl('data:text/html,x', 'data:text/html,x')).toBe(false);
    expect(isAppUrl('http://localhost:5173/', 'not a url')).toBe(false);
  });
});

describe('isExternalHttpUrl', () => {
  it('accepts plain http(s) links', () => {
    expect(isExternalHttpUrl('https://arxiv.org/abs/2203.05794')).toBe(true);
    expect(isExternalHttpUrl('http://example.com/')).toBe(true);
  });

  it('refuses other schemes and links carrying credentials', () => {
    for (const url of [
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://host/share',
      'ms-msdt:/id',
      'https://user:pw@example.com/',
      'nonsense',
    ]) {
      expect(isExternalHttpUrl(url), url).toBe(false);
    }
  });
});
