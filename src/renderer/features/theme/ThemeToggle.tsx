import { useCallback, useEffect, useLayoutEffect, useState } from 'react';
import type { Theme, ThemePreference } from './theme';
import {
  THEME_PREFERENCES,
  applyTheme,
  readThemePreference,
  resolveTheme,
  systemDarkQuery,
  writeThemePreference,
} from './theme';
import './theme.css';

const win = (): Window | undefined => (typeof window === 'undefined' ? undefined : window);

const storage = (): Storage | undefined => {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    return undefined;
  }
};

/**
 * The theme: the stored preference, the system's scheme (followed live), and the result, which is
 * written to <html data-theme> before paint.
 */
export function useTheme(): {
  preference: ThemePreference;
  theme: Theme;
  setPreference: (preference: ThemePreference) => void;
} {
  const [preference, setPreferenceState] = useState<ThemePreference>(() => readThemePreference(storage()));
  const [systemDark, setSystemDark] = useState(() => systemDarkQuery(win())?.matches ?? false);

  useEffect(() => {
    const query = systemDarkQuery(win());
    if (!query) return;
    const onChange = () => setSystemDark(query.matches);
    query.addEventListener('change', onChange);
    return () => query.removeEventListener('change', onChange);
  }, []);

  const theme = resolveTheme(preference, systemDark);
  useLayoutEffect(() => applyTheme(document.documentElement, theme), [theme]);

  const setPreference = useCallback((next: ThemePreference) => {
    writeThemePreference(storage(), next);
    setPreferenceState(next);
  }, []);
  return { preference, theme, setPreference };
}

const LABELS: Record<ThemePreference, string> = { system: 'System', light: 'Light', dark: 'Dark' };

/** Three pressed-state buttons: follow the system, or always light, or always dark. */
export function ThemeToggle({
  preference,
  onChange,
}: {
  preference: ThemePreference;
  onChange: (preference: ThemePreference) => void;
}) {
  return (
    <div className="theme-toggle" role="group" aria-label="Theme">
      {THEME_PREFERENCES.map((p) => (
        <button
          key={p}
          type="button"
          aria-pressed={preference === p}
          title={p === 'system' ? 'Follow the system setting' : `Always ${p}`}
          onClick={() => onChange(p)}
        >
          {LABELS[p]}
        </button>
      ))}
    </div>
  );
}
