import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { KeyStore } from '../../src/main/secrets';
import type { Crypter } from '../../src/main/secrets';

const dir = mkdtempSync(join(tmpdir(), 'taxonomist-keys-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// A reversible stand-in for the OS keychain.
const crypter = (available = true): Crypter => ({
  isEncryptionAvailable: () => available,
  encryptString: (s) => Buffer.from([...Buffer.from(s)].map((b) => b ^ 0x5a)),
  decryptString: (b) => Buffer.from([...b].map((x) => x ^ 0x5a)).toString(),
});

describe('KeyStore', () => {
  it('keeps keys encrypted on disk and hands them to the engine as environment variables', () => {
    const file = join(dir, 'keys.json');
    const keys = new KeyStore(file, crypter());
    expect(keys.set('anthropic', 'sk-ant-secret')).toEqual({ stored: true, persistent: true });
    expect(readFileSync(file, 'utf8')).not.toContain('sk-ant-secret');
    expect(keys.status({})).toEqual({ mistral: false, anthropic: true, openai: false });
    expect(keys.engineEnv({ PATH: '/bin' })).toEqual({ PATH: '/bin', ANTHROPIC_API_KEY: 'sk-ant-secret' });
    keys.set('anthropic', null);
    expect(keys.status({ MISTRAL_API_KEY: 'x' })).toEqual({ mistral: true, anthropic: false, openai: false });
  });

  it('refuses to store a key when no encryption is available', () => {
    const keys = new KeyStore(join(dir, 'plain.json'), crypter(false));
    expect(() => keys.set('openai', 'sk-x')).toThrow(/no encrypted storage/);
  });
});
