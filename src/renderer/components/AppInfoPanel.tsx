import type { AppInfoState } from '../app-info';

export function AppInfoPanel({ state }: { state: AppInfoState }) {
  switch (state.status) {
    case 'no-shell':
      return (
        <p className="app-info app-info--muted" role="status">
          Running without the desktop shell: desktop features are unavailable in this page.
        </p>
      );
    case 'loading':
      return (
        <p className="app-info app-info--muted" role="status">
          Loading app info…
        </p>
      );
    case 'failed':
      return (
        <p className="app-info app-info--error" role="alert">
          Could not read the app info: {state.message}
        </p>
      );
    case 'ready':
      return (
        <dl className="app-info">
          <dt>Name</dt>
          <dd>{state.info.name}</dd>
          <dt>Version</dt>
          <dd>{state.info.version}</dd>
          <dt>Platform</dt>
          <dd>{state.info.platform}</dd>
        </dl>
      );
  }
}
