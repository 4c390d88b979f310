import type { Channel, Result } from '../../shared/contract';
import { requests } from '../../shared/contract';
import { toErrorData } from '../../shared/errors';

/**
 * Validates `raw` against `channel`'s input schema, runs `run` on the parsed input and wraps the
 * outcome as a `Result` (invalid input -> INVALID_INPUT naming each field; a throw -> its code).
 */
export async function answerRequest(
  channel: Channel,
  raw: unknown,
  run: (input: unknown) => unknown,
): Promise<Result<unknown>> {
  const parsed = requests[channel].input.safeParse(raw ?? {});
  if (!parsed.success) {
    return {
      ok: false,
      error: {
        code: 'INVALID_INPUT',
        message: `${channel}: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ')}`,
      },
    };
  }
  try {
    return { ok: true, value: await run(parsed.data) };
  } catch (e) {
    return { ok: false, error: toErrorData(e) };
  }
}
