/**
 * The app's Content-Security-Policy. Sent as a header for pages served over http (the dev server) and
 * repeated as a <meta> in src/renderer/index.html, because file:// pages get no response headers.
 * A test keeps the two in step. 'unsafe-inline' styles only: React sets style attributes, nothing runs
 * inline or through eval.
 */
export const CSP_DIRECTIVES: readonly string[] = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
];

/** Directives a <meta> policy ignores; they only work as a header. */
export const CSP_HEADER_ONLY_DIRECTIVES: readonly string[] = ["frame-ancestors 'none'"];

export const CONTENT_SECURITY_POLICY = [...CSP_DIRECTIVES, ...CSP_HEADER_ONLY_DIRECTIVES].join('; ');

export type ResponseHeaders = Record<string, string[] | string>;

/** `headers` with the app's policy in place of any policy the server sent. */
export function withContentSecurityPolicy(headers: ResponseHeaders | undefined): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() === 'content-security-policy') continue;
    out[name] = Array.isArray(value) ? value : [value];
  }
  out['Content-Security-Policy'] = [CONTENT_SECURITY_POLICY];
  return out;
}
