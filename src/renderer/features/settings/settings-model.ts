import type { RequestInput, RequestOutput } from '../../../shared/contract';
import { CHAT_PROVIDER_INFO, CHAT_PROVIDERS } from '../../../shared/params';

export type Provider = RequestInput<'settings:set-api-key'>['provider'];
export type KeyStatus = RequestOutput<'settings:api-keys'>;
export type KeyOutcome = RequestOutput<'settings:set-api-key'>;
export type ModelSettings = RequestOutput<'settings:models'>;

/** The chat providers that take a key, in the order the settings list them. */
export const PROVIDERS: readonly { provider: Provider; label: string; env: string }[] = CHAT_PROVIDERS.map(
  (provider) => ({ provider, ...CHAT_PROVIDER_INFO[provider] }),
);

/** What the user is told after saving or clearing a key: where it is kept and for how long. */
export function keyOutcomeText(outcome: KeyOutcome, env: string): string {
  if (outcome.stored)
    return outcome.persistent
      ? 'Key saved. It is kept encrypted on this computer and used again after a restart.'
      : `Key saved for this session only: it is forgotten when Taxonomist stops (set ${env} to keep one).`;
  return outcome.persistent
    ? 'Key cleared. It is removed from this computer.'
    : `Key cleared for this session (a key in ${env} comes back at the next start).`;
}

/** A byte count as people read it: 1 decimal below 10 units, none above (e.g. 2.4 MB, 133 MB). */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  if (unit === 0) return `${bytes.toLocaleString('en-US')} ${bytes === 1 ? 'byte' : 'bytes'}`;
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/** A line describing a model that works with no download (the ones the app bundles). */
export function offlineModelText(id: string): string {
  if (id === 'use-lite')
    return 'Universal Sentence Encoder Lite (512 dimensions), bundled with the app: works with no download and no network.';
  return 'Bundled with the app: works with no download.';
}
