import type { FileContext } from './fatal';
import { fatal, formatMiB } from './fatal';
import type { TextRegion } from './text-decoder';
import type { RecordItem } from './records';

const QUOTE = 34;

/** Header names as keys: trimmed, blanks named by position, repeats numbered, so no column is lost. */
export function uniqueColumnNames(raw: string[]): string[] {
  const seen = new Set<string>();
  return raw.map((name, i) => {
    const base = name.trim() || `column_${i + 1}`;
    let candidate = base;
    for (let k = 2; seen.has(candidate); k++) candidate = `${base}_${k}`;
    seen.add(candidate);
    return candidate;
  });
}

function countNewlines(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = s.indexOf('\n', from); i !== -1 && i < to; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

/**
 * RFC 4180 CSV (or TSV with the same quoting), fed with line-aligned text. Fields are cut with
 * indexOf and slice rather than per character, which keeps a 5 MB field as cheap as a short one.
 * Line-aligned input matters: every region but the last ends in '\n', so the character after a
 * quote (a doubled quote?) or after '\r' is always in the same region.
 */
export class DelimitedParser {
  header: string[] | null = null;

  private line = 1;
  private fields: string[] = [];
  private field = '';
  private atFieldStart = true;
  private quotedRecord = false;
  private inQuotes = false;
  private quoteLine = 0;
  private recordLine = 1;
  private recordChars = 0;
  // Undo state for a quote that turns out not to open a quoted field (see push).
  private raw = '';
  private recordCharsAtQuote = 0;
  private quotedRecordAtQuote = false;

  constructor(
    private readonly delimiter: ',' | '\t',
    private readonly ctx: FileContext,
    private readonly maxRecordBytes: number,
  ) {}

  /** The line reached, for errors raised outside the parser (a truncated gzip stream). */
  get currentLine(): number {
    return this.line;
  }

  push(region: TextRegion, out: RecordItem[]): void {
    let s = region.text;
    let n = s.length;
    const delim = this.delimiter;
    const delimCode = delim.charCodeAt(0);
    // Cached positions of the next delimiter and line break: rescanning for them per field would
    // make a row of many short fields (or one long unquoted field) quadratic.
    let nextDelim = -2;
    let nextNl = -2;
    let i = 0;
    while (i < n) {
      if (this.inQuotes) {
        const q = s.indexOf('"', i);
        const stop = q === -1 ? n : q;
        this.line += countNewlines(s, i, stop);
        this.appendQuoted(s.slice(i, stop));
        if (q === -1) return;
        const next = s.charCodeAt(q + 1);
        if (next === QUOTE) {
          this.appendQuoted('""');
          i = q + 2;
        } else if (
          q + 1 === n ||
          next === delimCode ||
          next === 10 ||
          (next === 13 && (q + 2 === n || s.charCodeAt(q + 2) === 10))
        ) {
          this.inQuotes = false;
          this.raw = '';
          i = q + 1;
        } else {
          // A "closing" quote followed by more text means the field was never quoted: a value that
          // merely starts with a quote, like a title `"Why?" Asking...` in a TSV without quoting.
          // Read it again as plain text from the opening quote, so that it does not swallow the
          // following lines up to the next stray quote.
          s = this.undoQuote() + s.slice(q);
          n = s.length;
          nextDelim = -2;
          nextNl = -2;
          this.append('"');
          i = 1;
        }
        continue;
      }
      if (this.atFieldStart && s.charCodeAt(i) === QUOTE) {
        this.inQuotes = true;
        this.quotedRecordAtQuote = this.quotedRecord;
        this.quotedRecord = true;
        this.atFieldStart = false;
        this.quoteLine = this.line;
        this.recordCharsAtQuote = this.recordChars;
        i++;
        continue;
      }
      if (nextDelim !== -1 && nextDelim < i) nextDelim = s.indexOf(delim, i);
      if (nextNl !== -1 && nextNl < i) nextNl = s.indexOf('\n', i);
      const d = nextDelim === -1 ? n : nextDelim;
      const nl = nextNl === -1 ? n : nextNl;
      if (d < nl) {
        this.append(s.slice(i, d));
        this.endField();
        i = d + 1;
      } else if (nl < n) {
        // Text after a closing quote, or an unquoted field: either way it runs to the line end.
        const end = nl > i && s.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
        this.append(s.slice(i, end));
        this.endField();
        this.endRecord(out);
        this.line++;
        this.recordLine = this.line;
        i = nl + 1;
      } else {
        // Only the final region can end without a line break.
        this.append(s.slice(i));
        this.atFieldStart = false;
        i = n;
      }
    }
  }

  end(out: RecordItem[]): void {
    while (this.inQuotes && this.delimiter === '\t') {
      // TSV is often written without any quoting, so a quote that never closes opened nothing.
      const text = this.undoQuote();
      this.append('"');
      this.push({ text: text.slice(1), line: this.line }, out);
    }
    if (this.inQuotes) {
      throw fatal(
        this.ctx,
        { line: this.quoteLine },
        'unterminated quoted field (the quote opened on this line runs to the end of the file)',
      );
    }
    if (this.fields.length > 0 || this.field !== '' || !this.atFieldStart) {
      if (this.field.endsWith('\r')) this.field = this.field.slice(0, -1);
      this.endField();
      this.endRecord(out);
    }
  }

  /** Rewinds to the quote that opened the current field; returns the text to read again from there. */
  private undoQuote(): string {
    const text = `"${this.raw}`;
    this.line = this.quoteLine;
    this.recordChars = this.recordCharsAtQuote;
    this.quotedRecord = this.quotedRecordAtQuote;
    this.field = '';
    this.raw = '';
    this.inQuotes = false;
    return text;
  }

  /** Quoted text: `raw` keeps it as written (doubled quotes included) in case the quote must be undone. */
  private appendQuoted(raw: string): void {
    if (raw.length === 0) return;
    this.raw += raw;
    this.append(raw === '""' ? '"' : raw);
  }

  private append(piece: string): void {
    if (piece.length === 0) return;
    this.field = this.field.length === 0 ? piece : this.field + piece;
    this.atFieldStart = false;
    this.recordChars += piece.length;
    if (this.recordChars > this.maxRecordBytes) {
      throw this.inQuotes
        ? fatal(
            this.ctx,
            { line: this.quoteLine },
            `the quoted field opened on this line runs past ${formatMiB(this.maxRecordBytes)} (the record size limit); there is probably an unbalanced quote`,
          )
        : fatal(
            this.ctx,
            { line: this.recordLine },
            `the record starting on this line is larger than ${formatMiB(this.maxRecordBytes)} (the record size limit)`,
          );
    }
  }

  private endField(): void {
    this.fields.push(this.field);
    this.field = '';
    this.atFieldStart = true;
  }

  private endRecord(out: RecordItem[]): void {
    const values = this.fields;
    const line = this.recordLine;
    const quoted = this.quotedRecord;
    this.fields = [];
    this.quotedRecord = false;
    this.recordChars = 0;
    if (values.length === 1 && !quoted && (values[0] as string).trim() === '') return; // a blank line
    if (this.header === null) {
      this.header = uniqueColumnNames(values);
      return;
    }
    const header = this.header;
    if (values.length > header.length) {
      out.push({
        kind: 'reject',
        line,
        reason: `the row has ${values.length} fields but the header has ${header.length}; check for an unquoted ${this.delimiter === ',' ? 'comma' : 'tab'} in a value`,
      });
      return;
    }
    const fields: Record<string, unknown> = {};
    for (let k = 0; k < header.length; k++) fields[header[k] as string] = values[k] ?? '';
    out.push({ kind: 'record', line, fields });
  }
}
