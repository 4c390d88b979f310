import { ApiError } from '../../../shared/api';
import type { TaxonomistApi } from '../../../shared/api';
import type { RequestInput } from '../../../shared/contract';

export type ExportFormat = RequestInput<'taxonomy:export'>['format'];

type FormatInfo = {
  format: ExportFormat;
  label: string;
  hint: string;
  extension: string;
  mime: string;
  filter: string;
};

/** The formats the engine exports, in the order the dialog lists them. */
export const EXPORT_FORMATS: readonly FormatInfo[] = [
  {
    format: 'outline',
    label: 'Markdown outline',
    hint: '". Category", ".. Subcategory", "... Topic: definition"',
    extension: 'md',
    mime: 'text/markdown',
    filter: 'Markdown',
  },
  {
    format: 'headings',
    label: 'Markdown headings',
    hint: '#, ## and ### headings with definitions',
    extension: 'md',
    mime: 'text/markdown',
    filter: 'Markdown',
  },
  {
    format: 'json',
    label: 'JSON',
    hint: 'nodes, definitions, clusters, documents and provenance',
    extension: 'json',
    mime: 'application/json',
    filter: 'JSON',
  },
  {
    format: 'csv',
    label: 'CSV',
    hint: 'one row per document with its topic path',
    extension: 'csv',
    mime: 'text/csv',
    filter: 'CSV',
  },
];

export const formatInfo = (format: ExportFormat): FormatInfo =>
  EXPORT_FORMATS.find((f) => f.format === format) ?? EXPORT_FORMATS[0]!;

/** A file name from the taxonomy's name: lower-case, dashes for anything odd; headings get a suffix. */
export function exportFileName(taxonomyName: string, format: ExportFormat): string {
  const base =
    taxonomyName
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 80) || 'taxonomy';
  return `${base}${format === 'headings' ? '-headings' : ''}.${formatInfo(format).extension}`;
}

/** The preview shows at most this much; Copy and Save always take the whole text. */
export const PREVIEW_MAX_LINES = 1000;
export const PREVIEW_MAX_CHARS = 200_000;

/** The head of `text` for the preview, and whether (and how much) was left out. */
export function previewOf(
  text: string,
  maxLines = PREVIEW_MAX_LINES,
  maxChars = PREVIEW_MAX_CHARS,
): { text: string; truncated: boolean; totalLines: number } {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const totalLines = lines.length;
  let head = lines.length > maxLines ? lines.slice(0, maxLines).join('\n') : text;
  if (head.length > maxChars) head = head.slice(0, maxChars);
  return { text: head, truncated: head.length < text.trimEnd().length, totalLines };
}

/** "12 lines · 1.4 KB" for the dialog's footer. */
export function sizeText(text: string): string {
  const lines = previewOf(text, Infinity, Infinity).totalLines;
  const bytes = new TextEncoder().encode(text).length;
  const size =
    bytes < 1024
      ? `${bytes} B`
      : bytes < 1024 * 1024
        ? `${(bytes / 1024).toFixed(1)} KB`
        : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return `${lines.toLocaleString('en-US')} line${lines === 1 ? '' : 's'} · ${size}`;
}

/** Saves text as a file through a temporary link: the browser's download. */
export function downloadText(text: string, fileName: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: `${type};charset=utf-8` }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export type SaveOutcome =
  { kind: 'saved'; path: string } | { kind: 'downloaded'; fileName: string } | { kind: 'cancelled' };

// Hosts that answered UNSUPPORTED once are not asked again (nor sent the whole text again).
const noNativeSave = new WeakSet<object>();

/**
 * Saves through the host's native save dialog ('files:save-text'); a host without one (the web host)
 * answers UNSUPPORTED and the text is downloaded instead. Other failures are thrown.
 */
export async function saveText(
  api: Pick<TaxonomistApi, 'filesSaveText'> & Partial<Pick<TaxonomistApi, 'projectsCurrent'>>,
  file: { fileName: string; text: string; format: ExportFormat },
  download: (text: string, fileName: string, type: string) => void = downloadText,
): Promise<SaveOutcome> {
  const info = formatInfo(file.format);
  // A host without native dialogs says so up front, so a large export is never posted to it only
  // to be refused (the web host also caps request bodies).
  if (!noNativeSave.has(api) && api.projectsCurrent) {
    const native = await api.projectsCurrent().then(
      (c) => c.nativePicker,
      () => true,
    );
    if (!native) noNativeSave.add(api);
  }
  if (!noNativeSave.has(api)) {
    try {
      const { path } = await api.filesSaveText({
        suggestedName: file.fileName,
        text: file.text,
        filters: [{ name: info.filter, extensions: [info.extension] }],
      });
      return path === null ? { kind: 'cancelled' } : { kind: 'saved', path };
    } catch (e) {
      if (!(e instanceof ApiError && e.code === 'UNSUPPORTED')) throw e;
      noNativeSave.add(api);
    }
  }
  download(file.text, file.fileName, info.mime);
  return { kind: 'downloaded', fileName: file.fileName };
}

/** Copies text to the clipboard: the async Clipboard API, else a selected textarea and execCommand. */
export async function copyText(text: string): Promise<void> {
  if (typeof navigator !== 'undefined' && navigator.clipboard?.writeText) {
    try {
      await navigator.clipboard.writeText(text);
      return;
    } catch {
      // Denied (no focus, no permission): try the older way below.
    }
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.append(area);
  area.select();
  const ok = typeof document.execCommand === 'function' && document.execCommand('copy');
  area.remove();
  if (!ok) throw new Error('the clipboard is not available here');
}
