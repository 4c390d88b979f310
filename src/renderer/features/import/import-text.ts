/** Thousands separators for counts of rows and documents. */
export const count = new Intl.NumberFormat('en-US');
export const FORMAT_NAMES: Record<string, string> = {
  csv: 'CSV',
  tsv: 'TSV',
  json: 'JSON array',
  jsonl: 'JSON Lines',
  parquet: 'Parquet',
};

export const ENCODING_NAMES: Record<string, string> = {
  'utf-8': 'UTF-8',
  'windows-1252': 'Windows-1252',
  latin1: 'Latin-1',
};

/** What to do about a failed preview or import, by its code. */
export function advice(code: string): string {
  if (code === 'NOT_FOUND') return 'Check the path: it is read on the computer the engine runs on.';
  if (code === 'IMPORT_FAILED')
    return 'Fix the file where the message says, or choose another format or encoding.';
  if (code === 'USAGE' || code === 'INVALID_INPUT')
    return 'Change the choices the message names and try again.';
  if (code === 'PROJECT_LOCKED')
    return 'Another job holds the project: wait for it to end, then import again.';
  return 'Try again; if it fails the same way, the message says where.';
}
