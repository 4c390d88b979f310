import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  CONTENT_SECURITY_POLICY,
  CSP_DIRECTIVES,
  withContentSecurityPolicy,
} from '../../src/main/content-security-policy';

function directive(policy: string, name: string): string | undefined {
  return policy
    .split(';')
    .map((d) => d.trim())
    .find((d) => d.split(/\s+/)[0] === name);
}

describe('CONTENT_SECURITY_POLICY', () => {
  it('allows only the app’s own scripts and connections', () => {
    expect(directive(CONTENT_SECURITY_POLICY, 'default-src')).toBe("default-src 'self'");
    expect(directive(CONTENT_SECURITY_POLICY, 'script-src')).toBe("script-src 'self'");
    expect(directive(CONTENT_SECURITY_POLICY, 'connect-src')).toBe("connect-src 'self'");
    expect(directive(CONTENT_SECURITY_POLICY, 'object-src')).toBe("object-src 'none'");
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
    expect(directive(CONTENT_SECURITY_POLICY, 'script-src')).not.toContain('unsafe-inline');
  });

  it('matches the <meta> policy in index.html', () => {
    const html = readFileSync(new URL('../../src/renderer/index.html', import.meta.url), 'utf8');
    const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/i.exec(html);
    expect(meta?.[1]).toBe(CSP_DIRECTIVES.join('; '));
  });
});

describe('withContentSecurityPolicy', () => {
  it('replaces any policy the server sent, whatever its case, and keeps other headers', () => {
    const out = withContentSecurityPolicy({
      'content-security-policy': ["default-src *; script-src 'unsafe-eval'"],
      'Content-Type': 'text/html',
      'X-Many': ['a', 'b'],
    });
    expect(out).toEqual({
      'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
      'Content-Type': ['text/html'],
      'X-Many': ['a', 'b'],
    });
  });

  it('adds the policy when there were no headers', () => {
    expect(withContentSecurityPolicy(undefined)).toEqual({
      'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
    });
  });
});
