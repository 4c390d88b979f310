// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ThemeToggle, useTheme } from '../../../../src/renderer/features/theme/ThemeToggle';
import {
  THEME_STORAGE_KEY,
  readThemePreference,
  resolveTheme,
} from '../../../../src/renderer/features/theme/theme';
import { button, cleanup, click, render } from '../../../support/react-dom';

/** A stand-in for the system's colour-scheme query that a test can flip. */
function fakeSystem(dark: boolean) {
  const listeners = new Set<() => void>();
  const query = {
    matches: dark,
    media: '(prefers-color-scheme: dark)',
    addEventListener: (_: string, l: () => void) => listeners.add(l),
    removeEventListener: (_: string, l: () => void) => listeners.delete(l),
  };
  vi.stubGlobal(
    'matchMedia',
    vi.fn(() => query),
  );
  return {
    set(next: boolean) {
      query.matches = next;
      for (const l of listeners) l();
    },
  };
}

function Header() {
  const theme = useTheme();
  return (
    <header>
      <ThemeToggle preference={theme.preference} onChange={theme.setPreference} />
      <output data-testid="theme">{theme.theme}</output>
    </header>
  );
}

const root = () => document.documentElement;
const shown = () => document.querySelector('[data-testid="theme"]')?.textContent;

beforeEach(() => {
  localStorage.clear();
  delete root().dataset.theme;
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('the theme toggle', () => {
  it('follows the system by default, live', async () => {
    const system = fakeSystem(true);
    const { container } = await render(<Header />);
    expect(root().dataset.theme).toBe('dark');
    expect(button(container, 'System').getAttribute('aria-pressed')).toBe('true');
    const { act } = await import('react');
    await act(async () => system.set(false));
    expect(root().dataset.theme).toBe('light');
    expect(shown()).toBe('light');
  });

  it('forces a theme, sets data-theme on <html> and remembers the choice', async () => {
    fakeSystem(false);
    const { container, unmount } = await render(<Header />);
    expect(root().dataset.theme).toBe('light');
    await click(button(container, 'Dark'));
    expect(root().dataset.theme).toBe('dark');
    expect(root().style.colorScheme).toBe('dark');
    expect(localStorage.getItem(THEME_STORAGE_KEY)).toBe('dark');
    expect(button(container, 'Dark').getAttribute('aria-pressed')).toBe('true');
    expect(button(container, 'System').getAttribute('aria-pressed')).toBe('false');
    unmount();

    // A new window starts dark although the system is light.
    delete root().dataset.theme;
    const again = await render(<Header />);
    expect(root().dataset.theme).toBe('dark');
    await click(button(again.container, 'System'));
    expect(localStorage.getItem(THEME_STORAGE_KEY)).toBeNull();
    expect(root().dataset.theme).toBe('light');
  });

  it('ignores a foreign stored value and unreadable storage', () => {
    expect(readThemePreference({ getItem: () => 'purple' })).toBe('system');
    expect(
      readThemePreference({
        getItem: () => {
          throw new Error('denied');
        },
      }),
    ).toBe('system');
    expect(resolveTheme('system', true)).toBe('dark');
    expect(resolveTheme('light', true)).toBe('light');
  });
});
