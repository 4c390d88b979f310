import type { ProjectsState } from './use-projects';
import { fileName } from './home-model';

/** The header's way from the open project to the Home screen (which has its own way back). */
export function ProjectNav({ projects }: { projects: ProjectsState }) {
  if (projects.view === 'workbench' && projects.path !== null) {
    return (
      <nav className="project-nav" aria-label="Projects">
        <button
          type="button"
          className="project-nav-home"
          aria-label="Projects"
          title="All projects: open another or make a new one"
          onClick={projects.showHome}
        >
          <span aria-hidden="true">⌂</span>
        </button>
        <span className="project-nav-current" title={projects.path}>
          {fileName(projects.path)}
        </span>
      </nav>
    );
  }
  return null;
}
