import type { Channel, Result } from '../../shared/contract';
import { requests } from '../../shared/contract';
import { toErrorData } from '../../shared/errors';

/** `raw` checked against `channel`'s input schema; invalid input -> INVALID_INPUT naming each field. */
export function checkRequest(channel: Channel, raw: unknown): Result<unknown> {
  const parsed = requests[channel].input.safeParse(raw ?? {});
  if (parsed.success) return { ok: true, value: parsed.data };
  return {
    ok: false,
    error: {
      code: 'INVALID_INPUT',
      message: `${channel}: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ')}`,
    },
  };
}

/**
 * Validates `raw` against `channel`'s input schema (checkRequest), runs `run` on the parsed input and
 * wraps the outcome as a `Result` (a throw -> its code).
 */
export async function answerRequest(
  channel: Channel,
  raw: unknown,
  run: (input: unknown) => unknown,
): Promise<Result<unknown>> {
  const checked = checkRequest(channel, raw);
  if (!checked.ok) return checked;
  try {
    return { ok: true, value: await run(checked.value) };
  } catch (e) {
    return { ok: false, error: toErrorData(e) };
  }
}
