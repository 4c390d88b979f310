import { useCallback, useEffect, useId, useState } from 'react';
import type { FormEvent } from 'react';
import type { TaxonomistApi } from '../../../shared/api';
import { ModalDialog } from '../../components/ModalDialog';
import type { KeyStatus, ModelSettings, Provider } from './settings-model';
import { PROVIDERS, formatBytes, keyOutcomeText, offlineModelText } from './settings-model';
import './settings.css';

export type SettingsApi = Pick<TaxonomistApi, 'settingsApiKeys' | 'settingsSetApiKey' | 'settingsModels'>;

type Note = { tone: 'ok' | 'error'; text: string };

const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

type Loaded<T> =
  { status: 'loading' } | { status: 'ready'; value: T } | { status: 'failed'; message: string };

/** One provider's key: whether one is stored, a password field to set it, and Clear. */
function ApiKeyRow(props: {
  api: SettingsApi;
  provider: Provider;
  label: string;
  env: string;
  stored: boolean | null;
  /** The stored keys could not be read. */
  unknown: boolean;
  onChanged: () => Promise<KeyStatus | null>;
}) {
  const { api, provider, label, env, stored, unknown, onChanged } = props;
  const [draft, setDraft] = useState('');
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState<Note | null>(null);
  const inputId = useId();
  const statusId = useId();
  const noteId = useId();

  const apply = async (key: string | null) => {
    setBusy(true);
    setNote(null);
    try {
      const outcome = await api.settingsSetApiKey({ provider, key });
      if (key !== null) setDraft('');
      const status = await onChanged();
      const stillSet = key === null && status?.[provider] === true;
      setNote({
        tone: 'ok',
        text: stillSet
          ? `Key cleared here, but ${env} in the environment still provides one.`
          : keyOutcomeText(outcome, env),
      });
    } catch (e) {
      setNote({
        tone: 'error',
        text: `Could not ${key === null ? 'clear' : 'save'} the key: ${messageOf(e)}`,
      });
    } finally {
      setBusy(false);
    }
  };

  const submit = (e: FormEvent) => {
    // The dialog renders outside the page's DOM, but React still bubbles the submit to any form the
    // opener sits in (the pipeline form would start a build).
    e.preventDefault();
    e.stopPropagation();
    const key = draft.trim();
    if (!key) {
      setNote({ tone: 'error', text: 'Type or paste a key first.' });
      return;
    }
    void apply(key);
  };

  return (
    <form className="settings-key" onSubmit={submit} aria-label={`${label} API key`}>
      <div className="settings-key-head">
        <label htmlFor={inputId} className="settings-key-name">
          {label}
        </label>
        <span
          id={statusId}
          className={`settings-key-status${stored ? ' is-stored' : ''}`}
          data-testid={`key-status-${provider}`}
        >
          {stored === null ? (unknown ? 'unknown' : 'checking…') : stored ? 'key stored' : 'no key'}
        </span>
      </div>
      <div className="settings-key-controls">
        <input
          id={inputId}
          type="password"
          value={draft}
          autoComplete="off"
          spellCheck={false}
          placeholder={stored ? 'Paste a new key to replace it' : 'Paste a key'}
          aria-describedby={`${statusId}${note ? ` ${noteId}` : ''}`}
          disabled={busy}
          onChange={(e) => setDraft(e.target.value)}
        />
        <button type="submit" className="primary" disabled={busy || !draft.trim()}>
          Save
        </button>
        <button
          type="button"
          disabled={busy || !stored}
          aria-label={`Clear the ${label} key`}
          onClick={() => void apply(null)}
        >
          Clear
        </button>
      </div>
      <p
        id={noteId}
        className={`settings-note${note?.tone === 'error' ? ' is-error' : ''}`}
        role={note?.tone === 'error' ? 'alert' : 'status'}
      >
        {note?.text}
      </p>
    </form>
  );
}

/** The model cache folder, the models downloaded into it, and the bundled offline model. */
function ModelCache({ models, onRefresh }: { models: Loaded<ModelSettings>; onRefresh: () => void }) {
  if (models.status === 'loading') return <p className="settings-muted">Reading the model cache…</p>;
  if (models.status === 'failed')
    return (
      <p role="alert" className="settings-note is-error">
        Could not read the model cache: {models.message}
      </p>
    );
  const { cacheDir, cacheDirSource, models: cached, offline } = models.value;
  return (
    <>
      <dl className="settings-facts">
        <dt>Cache folder</dt>
        <dd>
          <code data-testid="model-cache-dir">{cacheDir}</code>
          <span className="settings-muted">
            {cacheDirSource === 'env'
              ? ' Set by TAXONOMIST_MODEL_CACHE.'
              : ' The default folder; set TAXONOMIST_MODEL_CACHE before starting Taxonomist to use another.'}
          </span>
        </dd>
      </dl>
      {cached.length === 0 ? (
        <p className="settings-muted">
          No models downloaded yet. An embedding model is downloaded here the first time a build uses it.
        </p>
      ) : (
        <table className="settings-models" aria-label="Downloaded models">
          <thead>
            <tr>
              <th scope="col">Model</th>
              <th scope="col" className="num">
                Size
              </th>
              <th scope="col">ONNX files</th>
            </tr>
          </thead>
          <tbody>
            {cached.map((m) => (
              <tr key={m.id}>
                <th scope="row">
                  <code>{m.id}</code>
                </th>
                <td className="num">{formatBytes(m.bytes)}</td>
                <td>{m.onnxFiles.join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h4 className="settings-subhead">Offline</h4>
      <ul className="settings-offline" aria-label="Models that need no download">
        {offline.map((id) => (
          <li key={id}>
            <code>{id}</code> <span className="settings-muted">{offlineModelText(id)}</span>
          </li>
        ))}
      </ul>
      <div className="settings-row-end">
        <button type="button" onClick={onRefresh}>
          Refresh
        </button>
      </div>
    </>
  );
}

/**
 * Settings kept outside any project: API keys for the chat providers (stored encrypted by the
 * desktop app, for the session elsewhere; never shown again) and the embedding model cache.
 */
export function SettingsDialog({ api, onClose }: { api: SettingsApi; onClose: () => void }) {
  const [keys, setKeys] = useState<Loaded<KeyStatus>>({ status: 'loading' });
  const [models, setModels] = useState<Loaded<ModelSettings>>({ status: 'loading' });
  const keysHeading = useId();
  const modelsHeading = useId();
  const introId = useId();

  const loadKeys = useCallback(async (): Promise<KeyStatus | null> => {
    try {
      const value = await api.settingsApiKeys({});
      setKeys({ status: 'ready', value });
      return value;
    } catch (e) {
      setKeys({ status: 'failed', message: messageOf(e) });
      return null;
    }
  }, [api]);

  const loadModels = useCallback(async () => {
    setModels({ status: 'loading' });
    try {
      setModels({ status: 'ready', value: await api.settingsModels({}) });
    } catch (e) {
      setModels({ status: 'failed', message: messageOf(e) });
    }
  }, [api]);

  useEffect(() => {
    void loadKeys();
    void loadModels();
  }, [loadKeys, loadModels]);

  return (
    <ModalDialog title="Settings" onClose={onClose} className="settings-dialog" describedBy={introId}>
      <div className="settings-body">
        <section aria-labelledby={keysHeading} className="settings-section">
          <h3 id={keysHeading}>API keys</h3>
          <p id={introId} className="settings-muted">
            Keys for the chat models that label topics. A stored key is never shown again; save a new one to
            replace it.
          </p>
          {keys.status === 'failed' && (
            <p role="alert" className="settings-note is-error">
              Could not read which keys are stored: {keys.message}
            </p>
          )}
          {PROVIDERS.map((p) => (
            <ApiKeyRow
              key={p.provider}
              api={api}
              provider={p.provider}
              label={p.label}
              env={p.env}
              stored={keys.status === 'ready' ? keys.value[p.provider] : null}
              unknown={keys.status === 'failed'}
              onChanged={loadKeys}
            />
          ))}
        </section>
        <section aria-labelledby={modelsHeading} className="settings-section">
          <h3 id={modelsHeading}>Embedding models</h3>
          <ModelCache models={models} onRefresh={() => void loadModels()} />
        </section>
      </div>
      <div className="modal-actions">
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
    </ModalDialog>
  );
}
