// The API the preload puts on `window.taxonomist`. The renderer sees this file through its tsconfig and
// never imports the preload. (Once the shared contract lists `app:info`, these types come from there.)

export type AppInfo = {
  /** The application's name as Electron reports it. */
  readonly name: string;
  readonly version: string;
  /** Node's `process.platform` in the main process: 'darwin', 'linux', 'win32', ... */
  readonly platform: string;
};

export interface TaxonomistApi {
  appInfo(): Promise<AppInfo>;
}

declare global {
  interface Window {
    /** Absent when the page is served without the desktop shell (a plain browser, a test). */
    readonly taxonomist?: TaxonomistApi;
  }
}
