import type { z } from 'zod';

/**
 * The first JSON object in a model's answer: the whole text, else a ```json fenced block, else the
 * outermost balanced {...} found in prose. Throws a message fit to send back to the model.
 */
export function extractJson(text: string): unknown {
  const trimmed = text.trim();
  const candidates: string[] = [trimmed];
  for (const m of trimmed.matchAll(/```(?:json)?\s*([\s\S]*?)```/gi)) candidates.push(m[1]!.trim());
  const start = trimmed.indexOf('{');
  if (start >= 0) {
    // Scan for the matching brace, minding strings, so prose after the object is ignored.
    let depth = 0;
    let inString = false;
    for (let i = start; i < trimmed.length; i++) {
      const ch = trimmed[i];
      if (inString) {
        if (ch === '\\') i++;
        else if (ch === '"') inString = false;
      } else if (ch === '"') inString = true;
      else if (ch === '{') depth++;
      else if (ch === '}' && --depth === 0) {
        candidates.push(trimmed.slice(start, i + 1));
        break;
      }
    }
  }
  for (const c of candidates) {
    try {
      const v: unknown = JSON.parse(c);
      if (v !== null && typeof v === 'object' && !Array.isArray(v)) return v;
    } catch {
      // try the next candidate
    }
  }
  throw new Error('the answer contains no JSON object');
}

/** Parses and validates an answer; on failure returns the reason, worded for a retry prompt. */
export function parseStructured<T>(
  text: string,
  schema: z.ZodType<T>,
): { ok: true; value: T } | { ok: false; error: string } {
  let raw: unknown;
  try {
    raw = extractJson(text);
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
  const r = schema.safeParse(raw);
  if (r.success) return { ok: true, value: r.data };
  return {
    ok: false,
    error: r.error.issues
      .map((i) => `${i.path.length ? i.path.join('.') : 'answer'}: ${i.message}`)
      .join('; '),
  };
}
