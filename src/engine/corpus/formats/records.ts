/** One item from a corpus file: a record's fields, or a record skipped for a stated reason. */
export type RecordItem =
  | { kind: 'record'; line: number; fields: Record<string, unknown> }
  | { kind: 'reject'; line: number; reason: string };

export const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

export function describeJsonValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return 'a string';
  if (typeof v === 'number') return 'a number';
  if (typeof v === 'boolean') return 'a boolean';
  return typeof v;
}

const MAX_REASON = 300;

/** Parses one JSON text into a record or a reject; parser messages are capped because V8 quotes the input. */
export function jsonItem(text: string, line: number): RecordItem {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    return {
      kind: 'reject',
      line,
      reason: `invalid JSON: ${msg.length > MAX_REASON ? `${msg.slice(0, MAX_REASON)}...` : msg}`,
    };
  }
  if (isPlainObject(value)) return { kind: 'record', line, fields: value };
  return { kind: 'reject', line, reason: `expected a JSON object, found ${describeJsonValue(value)}` };
}
