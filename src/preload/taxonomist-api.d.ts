// The API the preload puts on `window.taxonomist`, typed from the shared contract. The renderer sees
// this file through its tsconfig and never imports the preload.
import type { TaxonomistApi } from '../shared/api';

export type { TaxonomistApi };
export type AppInfo = Awaited<ReturnType<TaxonomistApi['appInfo']>>;

declare global {
  interface Window {
    /** Absent when the page is served without the desktop shell (a plain browser, a test). */
    readonly taxonomist?: TaxonomistApi;
  }
}
