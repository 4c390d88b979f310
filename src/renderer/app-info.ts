/** The engine API: the preload's in the desktop app, the web host's in a browser. */
export type DesktopApi = NonNullable<Window['taxonomist']>;
export type AppInfo = Awaited<ReturnType<DesktopApi['appInfo']>>;

export type AppInfoState =
  | { status: 'no-shell' }
  | { status: 'loading' }
  | { status: 'ready'; info: AppInfo }
  | { status: 'failed'; message: string };

/** Before the first answer: loading inside the desktop shell, or nothing to wait for outside it. */
export function initialAppInfoState(api: Pick<DesktopApi, 'appInfo'> | undefined): AppInfoState {
  return api ? { status: 'loading' } : { status: 'no-shell' };
}

export async function loadAppInfo(api: Pick<DesktopApi, 'appInfo'> | undefined): Promise<AppInfoState> {
  if (!api) return { status: 'no-shell' };
  try {
    return { status: 'ready', info: await api.appInfo() };
  } catch (error) {
    return { status: 'failed', message: error instanceof Error ? error.message : String(error) };
  }
}
