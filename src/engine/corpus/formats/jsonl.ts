import type { TextRegion } from './text-decoder';
import type { RecordItem } from './records';
import { jsonItem } from './records';

const isBlank = (s: string, from: number, to: number): boolean => {
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09 && c !== 0x0d && c !== 0x0c && c !== 0x0b) return false;
  }
  return true;
};

/** JSON Lines: one object per line; a bad line is rejected, not fatal, so one stray line cannot sink an import. */
export class JsonlParser {
  sawContent = false;

  push(region: TextRegion, out: RecordItem[]): void {
    const { text } = region;
    let line = region.line;
    let pos = 0;
    while (pos < text.length) {
      const nl = text.indexOf('\n', pos);
      const end = nl === -1 ? text.length : nl;
      if (!isBlank(text, pos, end)) {
        this.sawContent = true;
        out.push(jsonItem(text.slice(pos, end), line));
      }
      line++;
      pos = end + 1;
    }
  }
}
