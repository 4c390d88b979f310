import { ApiError } from '../../../shared/api';
import type { TaxonomistApi } from '../../../shared/api';
import {
  CORPUS_EXTENSIONS,
  CORPUS_UPLOAD_MAX_BYTES,
  CORPUS_UPLOAD_ROUTE,
  corpusUploadSchema,
  uploadTooLarge,
} from '../../../shared/contract';
import type { CorpusUpload } from '../../../shared/contract';

/**
 * How the file step's Browse… finds a file: the desktop shell's native dialog, an upload to the web
 * host from the browser, or neither (only a typed path).
 */
export type PickerKind = 'native' | 'upload' | 'none';

/** The file input's `accept`: the endings the importer knows, and .gz for any of them compressed. */
export const CORPUS_ACCEPT = [...CORPUS_EXTENSIONS, 'gz'].map((e) => `.${e}`).join(',');

/** A page served over HTTP without the desktop shell is the web host's: it takes uploads. */
export const canUpload = (): boolean =>
  typeof window !== 'undefined' &&
  !window.taxonomist &&
  (window.location.protocol === 'http:' || window.location.protocol === 'https:');

/** Asks the host whether it has native dialogs (as the Home screen does). */
export async function pickerKind(
  api: Partial<Pick<TaxonomistApi, 'projectsCurrent'>>,
  uploads: () => boolean = canUpload,
): Promise<PickerKind> {
  const native = api.projectsCurrent
    ? await api.projectsCurrent().then(
        (c) => c.nativePicker,
        () => false,
      )
    : false;
  return native ? 'native' : uploads() ? 'upload' : 'none';
}

/** Why `file` cannot be uploaded (the host's own limit, in the host's words), or null. */
export const uploadProblem = (file: { name: string; size: number }): string | null =>
  file.size > CORPUS_UPLOAD_MAX_BYTES ? uploadTooLarge(file.name, file.size) : null;

export type UploadOptions = {
  /** The web host's origin (default: the page's). */
  origin?: string;
  onProgress?: (sent: number, total: number) => void;
  signal?: AbortSignal;
};

/**
 * Uploads a corpus file to the web host, streamed from disk by the browser (XMLHttpRequest, for its
 * upload progress), with the session cookie. Answers the server path to preview and import; refusals
 * throw ApiError with the host's code and message, a cancelled upload ApiError('CANCELLED').
 */
export function uploadCorpus(file: File, options: UploadOptions = {}): Promise<CorpusUpload> {
  const problem = uploadProblem(file);
  if (problem) return Promise.reject(new ApiError('INVALID_INPUT', problem));
  const origin = options.origin ?? window.location.origin;
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `${origin}${CORPUS_UPLOAD_ROUTE}?name=${encodeURIComponent(file.name)}`);
    xhr.setRequestHeader('content-type', 'application/octet-stream');
    xhr.upload.onprogress = (e) => options.onProgress?.(e.loaded, e.lengthComputable ? e.total : file.size);
    xhr.onload = () => {
      if (xhr.status === 403) {
        reject(
          new ApiError(
            'USAGE',
            'this page has no valid session: open the URL that `taxonomist serve` printed',
          ),
        );
        return;
      }
      let reply: unknown;
      try {
        reply = JSON.parse(xhr.responseText);
      } catch {
        reject(new ApiError('INTERNAL', `the upload failed (HTTP ${xhr.status})`));
        return;
      }
      const r = reply as { ok?: boolean; value?: unknown; error?: { code?: string; message?: string } };
      const value = r.ok ? corpusUploadSchema.safeParse(r.value) : null;
      if (value?.success) resolve(value.data);
      else
        reject(
          new ApiError(
            r.error?.code ?? 'INTERNAL',
            r.error?.message ?? `the upload failed (HTTP ${xhr.status})`,
          ),
        );
    };
    xhr.onerror = () =>
      reject(
        new ApiError(
          'INTERNAL',
          `the upload of ${file.name} broke off: is \`taxonomist serve\` still running?`,
        ),
      );
    xhr.onabort = () => reject(new ApiError('CANCELLED', 'the upload was cancelled'));
    if (options.signal?.aborted) {
      reject(new ApiError('CANCELLED', 'the upload was cancelled'));
      return;
    }
    options.signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(file);
  });
}
