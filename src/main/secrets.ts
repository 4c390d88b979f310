import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { CHAT_PROVIDER_INFO, CHAT_PROVIDERS, keysIn } from '../shared/params';
import type { ChatProvider } from '../shared/params';

export type Provider = ChatProvider;
/** The environment variable each provider's key is handed to the engine in. */
export const KEY_ENV = Object.fromEntries(
  CHAT_PROVIDERS.map((p) => [p, CHAT_PROVIDER_INFO[p].env]),
) as Record<Provider, string>;

/** The slice of Electron's safeStorage used here. */
export type Crypter = {
  isEncryptionAvailable(): boolean;
  encryptString(s: string): Buffer;
  decryptString(b: Buffer): string;
};

/**
 * API keys encrypted with the OS keychain (Electron's safeStorage) in one file of the user's data
 * folder: never in a project file, a log or an export. They reach the engine process as environment
 * variables when it starts.
 */
export class KeyStore {
  constructor(
    private readonly file: string,
    private readonly crypter: Crypter,
  ) {}

  private read(): Partial<Record<Provider, string>> {
    if (!existsSync(this.file)) return {};
    try {
      return JSON.parse(readFileSync(this.file, 'utf8')) as Partial<Record<Provider, string>>;
    } catch {
      return {};
    }
  }

  /** Stores (or with null, forgets) a key. Refuses to write a key in clear text. */
  set(provider: Provider, key: string | null): { stored: boolean; persistent: boolean } {
    const all = this.read();
    if (key === null) delete all[provider];
    else {
      if (!this.crypter.isEncryptionAvailable()) {
        throw new Error(
          'this system offers no encrypted storage; set the key in the environment instead (' +
            KEY_ENV[provider] +
            ')',
        );
      }
      all[provider] = this.crypter.encryptString(key).toString('base64');
    }
    mkdirSync(dirname(this.file), { recursive: true });
    writeFileSync(this.file, JSON.stringify(all), { mode: 0o600 });
    return { stored: key !== null, persistent: true };
  }

  /** Which providers have a key (stored here or in the environment). */
  status(env: NodeJS.ProcessEnv = process.env): Record<Provider, boolean> {
    const all = this.read();
    const inEnv = keysIn(env);
    return Object.fromEntries(CHAT_PROVIDERS.map((p) => [p, !!all[p] || inEnv[p]])) as Record<
      Provider,
      boolean
    >;
  }

  /** Environment for the engine process: stored keys decrypted, the environment's own kept otherwise. */
  engineEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
    const out = { ...env };
    for (const [provider, sealed] of Object.entries(this.read()) as [Provider, string][]) {
      try {
        out[KEY_ENV[provider]] = this.crypter.decryptString(Buffer.from(sealed, 'base64'));
      } catch {
        // A key sealed by another user or machine cannot be opened; the environment's stays.
      }
    }
    return out;
  }
}
