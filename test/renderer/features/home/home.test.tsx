import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { TaxonomistApi } from '../../../../src/shared/api';
import {
  fileName,
  formatBytes,
  formatWhen,
  nextRecentIndex,
  projectErrorHint,
  recentSummary,
} from '../../../../src/renderer/features/home/home-model';
import { HomeScreen } from '../../../../src/renderer/features/home/HomeScreen';
import { ProjectNav } from '../../../../src/renderer/features/home/ProjectNav';
import type { ProjectsState } from '../../../../src/renderer/features/home/use-projects';

describe('the Home screen’s wording', () => {
  it('names files and sizes the way a person reads them', () => {
    expect(fileName('/home/me/papers.taxonomist')).toBe('papers.taxonomist');
    expect(fileName('C:\\Users\\me\\cscl.taxonomist')).toBe('cscl.taxonomist');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(25 * 1024 * 1024)).toBe('25 MB');
  });

  it('says when a project changed, relative while recent', () => {
    const now = Date.parse('2026-01-31T12:00:00Z');
    expect(formatWhen('2026-01-31T11:59:30Z', now)).toBe('just now');
    expect(formatWhen('2026-01-31T11:55:00Z', now)).toBe('5 minutes ago');
    expect(formatWhen('2026-01-31T11:00:00Z', now)).toBe('1 hour ago');
    expect(formatWhen('2026-01-28T12:00:00Z', now)).toBe('3 days ago');
    expect(formatWhen('2025-06-01T00:00:00Z', now)).toBe('2025-06-01');
  });

  it('summarises a recent project, or says its file is gone', () => {
    const base = { path: '/p/a.taxonomist', name: 'a' };
    expect(
      recentSummary(
        { ...base, exists: true, bytes: 2048, modifiedAt: '2026-01-31T11:00:00Z', documents: 1234 },
        Date.parse('2026-01-31T12:00:00Z'),
      ),
    ).toBe('1,234 documents · 2.0 KB · changed 1 hour ago');
    expect(recentSummary({ ...base, exists: false, bytes: null, modifiedAt: null, documents: null })).toBe(
      'File not found',
    );
  });

  it('moves through the recent list with the arrow keys, Home and End, stopping at the ends', () => {
    expect(nextRecentIndex('ArrowDown', 0, 3)).toBe(1);
    expect(nextRecentIndex('ArrowDown', 2, 3)).toBe(2);
    expect(nextRecentIndex('ArrowUp', 0, 3)).toBe(0);
    expect(nextRecentIndex('End', 0, 3)).toBe(2);
    expect(nextRecentIndex('Home', 2, 3)).toBe(0);
    expect(nextRecentIndex('x', 0, 3)).toBeNull();
    expect(nextRecentIndex('ArrowDown', 0, 0)).toBeNull();
  });

  it('hints at what to do for the errors of opening and creating', () => {
    expect(projectErrorHint('PROJECT_BUSY')).toMatch(/cancel/);
    expect(projectErrorHint('ALREADY_EXISTS')).toMatch(/never replaces/);
    expect(projectErrorHint('INTERNAL')).toBeNull();
  });
});

// Server rendering runs no effects, so the API is never called: these check the first paint.
const api = {} as TaxonomistApi;

describe('HomeScreen', () => {
  it('first shows the recent list loading, and the new and open forms with labelled fields', () => {
    const html = renderToStaticMarkup(
      <HomeScreen api={api} openPath={null} nativePicker={false} onOpened={() => {}} />,
    );
    expect(html).toContain('Loading the recent projects');
    expect(html).toMatch(/<label for="home-new-path">Project file<\/label>/);
    expect(html).toMatch(/<label for="home-open-path">Project file<\/label>/);
    expect(html).toContain('Create project');
    // No native dialogs in a browser: no Browse buttons, and no way back without an open project.
    expect(html).not.toContain('Browse…');
    expect(html).not.toContain('Back to');
  });

  it('offers the native pickers and the way back to the open project on the desktop', () => {
    const html = renderToStaticMarkup(
      <HomeScreen
        api={api}
        openPath="/p/cscl.taxonomist"
        nativePicker
        onOpened={() => {}}
        onBack={() => {}}
      />,
    );
    expect(html).toContain('Browse…');
    expect(html).toContain('Choose…');
    expect(html).toContain('Back to cscl.taxonomist');
  });
});

describe('ProjectNav', () => {
  const state = (view: ProjectsState['view'], path: string | null): ProjectsState => ({
    view,
    path,
    nativePicker: false,
    opened: () => {},
    showHome: () => {},
    showWorkbench: () => {},
  });
  it('leads from the workbench to the projects; Home has its own way back', () => {
    expect(renderToStaticMarkup(<ProjectNav projects={state('workbench', '/p/a.taxonomist')} />)).toMatch(
      /aria-label="Projects"[^>]*>.*<\/button>.*title="\/p\/a\.taxonomist"[^>]*>a\.taxonomist/,
    );
    expect(renderToStaticMarkup(<ProjectNav projects={state('home', '/p/a.taxonomist')} />)).toBe('');
    expect(renderToStaticMarkup(<ProjectNav projects={state('workbench', null)} />)).toBe('');
  });
});
