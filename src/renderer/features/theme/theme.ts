/** What the user chose: follow the system, or force one theme. */
export type ThemePreference = 'system' | 'light' | 'dark';
/** The theme on screen. */
export type Theme = 'light' | 'dark';

export const THEME_STORAGE_KEY = 'taxonomist.theme';
export const THEME_PREFERENCES: readonly ThemePreference[] = ['system', 'light', 'dark'];
const DARK_QUERY = '(prefers-color-scheme: dark)';

const isPreference = (v: unknown): v is ThemePreference =>
  typeof v === 'string' && (THEME_PREFERENCES as readonly string[]).includes(v);

/** The stored choice; 'system' when none is stored, the value is foreign, or storage is blocked. */
export function readThemePreference(storage: Pick<Storage, 'getItem'> | undefined): ThemePreference {
  try {
    const v = storage?.getItem(THEME_STORAGE_KEY);
    return isPreference(v) ? v : 'system';
  } catch {
    return 'system';
  }
}

/** Stores the choice; 'system' clears it so a later change of the default applies. */
export function writeThemePreference(
  storage: Pick<Storage, 'setItem' | 'removeItem'> | undefined,
  preference: ThemePreference,
): void {
  try {
    if (preference === 'system') storage?.removeItem(THEME_STORAGE_KEY);
    else storage?.setItem(THEME_STORAGE_KEY, preference);
  } catch {
    // Storage can be disabled (private windows); the choice then lasts for this session only.
  }
}

export const resolveTheme = (preference: ThemePreference, systemDark: boolean): Theme =>
  preference === 'system' ? (systemDark ? 'dark' : 'light') : preference;

/** Marks the page: styles.css switches its colour variables on `data-theme`. */
export function applyTheme(root: HTMLElement, theme: Theme): void {
  root.dataset.theme = theme;
  root.style.colorScheme = theme;
}

/** The system's colour-scheme query, or null where there is no matchMedia (tests, old hosts). */
export function systemDarkQuery(win: Pick<Window, 'matchMedia'> | undefined): MediaQueryList | null {
  return typeof win?.matchMedia === 'function' ? win.matchMedia(DARK_QUERY) : null;
}
