import { useCallback, useEffect, useRef, useState } from 'react';
import type { FormEvent, KeyboardEvent, ReactNode } from 'react';
import { ApiError } from '../../../shared/api';
import type { TaxonomistApi } from '../../../shared/api';
import type { CurrentProject, RecentProject } from '../../../shared/contract';
import { fileName, nextRecentIndex, projectErrorHint, recentSummary } from './home-model';
import './home.css';

type Props = {
  api: TaxonomistApi;
  /** The project open now, if any (the Home screen was opened from its workbench). */
  openPath: string | null;
  nativePicker: boolean;
  onOpened(current: CurrentProject): void;
  onBack?: () => void;
};

type Failure = { form: 'new' | 'open' | 'recent'; code?: string; message: string; path?: string };
type Recent =
  | { status: 'loading' }
  | { status: 'ready'; projects: RecentProject[] }
  | { status: 'failed'; message: string };

const failureOf = (form: Failure['form'], e: unknown, path?: string): Failure => ({
  form,
  message: e instanceof Error ? e.message : String(e),
  ...(e instanceof ApiError ? { code: e.code } : {}),
  ...(path ? { path } : {}),
});

/**
 * The projects screen: reopen a recent project (arrow keys move, Enter opens, Delete removes it
 * from the list), create a new one, or open one by path. On the desktop, Browse shows the native
 * file dialog; in a browser the path is typed (it is read on the computer the engine runs on).
 */
export function HomeScreen({ api, openPath, nativePicker, onOpened, onBack }: Props) {
  const [recent, setRecent] = useState<Recent>({ status: 'loading' });
  const [newPath, setNewPath] = useState('');
  const [openInput, setOpenInput] = useState('');
  const [busy, setBusy] = useState<string | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [active, setActive] = useState(0);
  const itemRefs = useRef<(HTMLButtonElement | null)[]>([]);
  const headingRef = useRef<HTMLHeadingElement>(null);

  const loadRecent = useCallback(
    () =>
      api.projectsRecent().then(
        ({ projects }) => setRecent({ status: 'ready', projects }),
        (e: unknown) => setRecent({ status: 'failed', message: e instanceof Error ? e.message : String(e) }),
      ),
    [api],
  );

  useEffect(() => {
    void loadRecent();
    // Coming from a project's workbench, focus lands on the screen's title rather than nowhere.
    if (openPath) headingRef.current?.focus();
  }, [loadRecent, openPath]);

  const run = async (
    form: Failure['form'],
    label: string,
    work: () => Promise<CurrentProject>,
    path?: string,
  ) => {
    setBusy(label);
    setFailure(null);
    setNotice(null);
    try {
      const current = await work();
      onOpened(current);
    } catch (e) {
      setFailure(failureOf(form, e, path));
      void loadRecent();
    } finally {
      setBusy(null);
    }
  };

  const openPathNow = (form: Failure['form'], path: string) =>
    run(form, `Opening ${fileName(path)}…`, () => api.projectsOpen({ path }), path);

  const onCreate = (e: FormEvent) => {
    e.preventDefault();
    const path = newPath.trim();
    if (!path) return setFailure({ form: 'new', message: 'Type where the new project file goes.' });
    void run('new', `Creating ${fileName(path)}…`, () => api.projectsCreate({ path }), path);
  };

  const onOpen = (e: FormEvent) => {
    e.preventDefault();
    const path = openInput.trim();
    if (!path) return setFailure({ form: 'open', message: 'Type the path of a project file.' });
    void openPathNow('open', path);
  };

  const pick = async (purpose: 'open' | 'create') => {
    setFailure(null);
    try {
      const { path } = await api.projectsPick({ purpose });
      if (!path) return;
      if (purpose === 'open') {
        setOpenInput(path);
        await openPathNow('open', path);
      } else {
        setNewPath(path);
        await run('new', `Creating ${fileName(path)}…`, () => api.projectsCreate({ path }), path);
      }
    } catch (e) {
      setFailure(failureOf(purpose === 'open' ? 'open' : 'new', e));
    }
  };

  const forget = async (p: RecentProject, index: number) => {
    setFailure(null);
    try {
      const { projects } = await api.projectsForget({ path: p.path });
      setRecent({ status: 'ready', projects });
      setNotice(`Removed ${p.name} from the list; the file was not touched.`);
      const next = Math.min(index, projects.length - 1);
      setActive(Math.max(next, 0));
      requestAnimationFrame(() => itemRefs.current[next]?.focus());
    } catch (e) {
      setFailure(failureOf('recent', e));
    }
  };

  const projects = recent.status === 'ready' ? recent.projects : [];
  const activeIndex = Math.min(active, Math.max(projects.length - 1, 0));

  const onListKey = (e: KeyboardEvent<HTMLUListElement>) => {
    const at = itemRefs.current.findIndex((el) => el === document.activeElement);
    if (at < 0) return;
    if (e.key === 'Delete' || e.key === 'Backspace') {
      e.preventDefault();
      const p = projects[at];
      if (p) void forget(p, at);
      return;
    }
    const next = nextRecentIndex(e.key, at, projects.length);
    if (next === null) return;
    e.preventDefault();
    setActive(next);
    itemRefs.current[next]?.focus();
  };

  const openRecent = (p: RecentProject) => {
    if (!p.exists) {
      setFailure({
        form: 'recent',
        message: `${p.path} is no longer there. If it moved, open it from its new place; else remove it from the list.`,
      });
      return;
    }
    void openPathNow('recent', p.path);
  };

  const error = (form: Failure['form']) => {
    if (failure?.form !== form) return null;
    const hint = projectErrorHint(failure.code);
    return (
      <div className="home-error" role="alert">
        <p>{failure.message}</p>
        {hint && <p className="home-hint">{hint}</p>}
        {failure.code === 'ALREADY_EXISTS' && failure.path && (
          <button type="button" onClick={() => void openPathNow(form, failure.path!)}>
            Open the existing file
          </button>
        )}
      </div>
    );
  };

  return (
    <section className="home" aria-labelledby="home-title" aria-busy={busy !== null}>
      <div className="home-head">
        <h2 id="home-title" ref={headingRef} tabIndex={-1}>
          Projects
        </h2>
        {openPath && onBack && (
          <button type="button" className="home-back" onClick={onBack}>
            Back to {fileName(openPath)}
          </button>
        )}
      </div>
      {busy && (
        <p className="home-busy" role="status">
          {busy}
        </p>
      )}
      {notice && (
        <p className="home-notice" role="status">
          {notice}
        </p>
      )}
      <div className="home-grid">
        <section className="home-card home-recent" aria-labelledby="home-recent-title">
          <h3 id="home-recent-title">Recent projects</h3>
          {recent.status === 'loading' && <p className="home-muted">Loading the recent projects…</p>}
          {recent.status === 'failed' && (
            <p className="home-error" role="alert">
              Could not read the recent projects: {recent.message}
            </p>
          )}
          {recent.status === 'ready' && projects.length === 0 && (
            <p className="home-muted" data-testid="recent-empty">
              No recent projects yet. Create one, or open a project file.
            </p>
          )}
          {projects.length > 0 && (
            <>
              <ul className="recent-list" aria-label="Recent projects" onKeyDown={onListKey}>
                {projects.map((p, i) => (
                  <li key={p.path} className={`recent-item${p.exists ? '' : ' recent-missing'}`}>
                    <button
                      type="button"
                      className="recent-open"
                      ref={(el) => {
                        itemRefs.current[i] = el;
                      }}
                      tabIndex={i === activeIndex ? 0 : -1}
                      aria-disabled={p.exists ? undefined : true}
                      aria-current={p.path === openPath ? 'true' : undefined}
                      aria-describedby={`recent-meta-${i}`}
                      disabled={busy !== null}
                      onFocus={() => setActive(i)}
                      onClick={() => openRecent(p)}
                      title={p.path}
                    >
                      <span className="recent-name">
                        {p.name}
                        {p.path === openPath && <span className="recent-badge">open</span>}
                      </span>
                      <span className="recent-path">{p.path}</span>
                      <span className="recent-meta" id={`recent-meta-${i}`}>
                        {recentSummary(p)}
                      </span>
                    </button>
                    <button
                      type="button"
                      className={`recent-forget${p.exists ? ' quiet' : ''}`}
                      aria-label={`Remove ${p.name} from the list`}
                      // Missing files get their own tab stop; for the rest, Delete does it from the list.
                      tabIndex={p.exists ? -1 : 0}
                      onClick={() => void forget(p, i)}
                    >
                      Remove from list
                    </button>
                  </li>
                ))}
              </ul>
              <p className="home-muted home-keys">
                ↑ ↓ to move, Enter to open, Delete to remove from the list.
              </p>
            </>
          )}
          {error('recent')}
        </section>

        <div className="home-side">
          <PathCard
            id="home-new"
            title="New project"
            value={newPath}
            placeholder="~/papers.taxonomist"
            onChange={setNewPath}
            onSubmit={onCreate}
            pickLabel={nativePicker ? 'Choose…' : null}
            onPick={() => void pick('create')}
            help="A new, empty project; “.taxonomist” is added when missing. An existing file is never replaced."
            submitLabel="Create project"
            primary
            busy={busy !== null}
          >
            {error('new')}
          </PathCard>
          <PathCard
            id="home-open"
            title="Open project"
            value={openInput}
            placeholder="/path/to/project.taxonomist"
            onChange={setOpenInput}
            onSubmit={onOpen}
            pickLabel={nativePicker ? 'Browse…' : null}
            onPick={() => void pick('open')}
            submitLabel="Open"
            busy={busy !== null}
          >
            {error('open')}
          </PathCard>
        </div>
      </div>
    </section>
  );
}

/** A card with a project-file field, an optional native picker button and a submit button. */
function PathCard(props: {
  id: string;
  title: string;
  value: string;
  placeholder: string;
  onChange: (value: string) => void;
  onSubmit: (e: FormEvent) => void;
  /** The picker button's text; null where no native picker exists. */
  pickLabel: string | null;
  onPick: () => void;
  help?: string;
  submitLabel: string;
  primary?: boolean;
  busy: boolean;
  children?: ReactNode;
}) {
  const { id, help } = props;
  return (
    <form className="home-card" aria-labelledby={`${id}-title`} onSubmit={props.onSubmit} noValidate>
      <h3 id={`${id}-title`}>{props.title}</h3>
      <label htmlFor={`${id}-path`}>Project file</label>
      <div className="home-row">
        <input
          id={`${id}-path`}
          type="text"
          value={props.value}
          placeholder={props.placeholder}
          spellCheck={false}
          autoComplete="off"
          onChange={(e) => props.onChange(e.target.value)}
          {...(help ? { 'aria-describedby': `${id}-help` } : {})}
        />
        {props.pickLabel && (
          <button type="button" onClick={props.onPick} disabled={props.busy}>
            {props.pickLabel}
          </button>
        )}
      </div>
      {help && (
        <p id={`${id}-help`} className="home-muted">
          {help}
        </p>
      )}
      <button type="submit" className={props.primary ? 'primary' : undefined} disabled={props.busy}>
        {props.submitLabel}
      </button>
      {props.children}
    </form>
  );
}
