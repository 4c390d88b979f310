import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { configDir, ProjectSession, RecentProjects, startWebHost } from '../../host';
import type { CommandEnv } from '../program';
import { parseNumber } from '../options';

/** The built renderer beside the bundled CLI (out/cli -> out/renderer). */
const defaultRendererDir = (): string | null => {
  const dir = fileURLToPath(new URL('../renderer/', import.meta.url));
  return existsSync(dir) ? dir : null;
};

export function registerServeCommand(program: Command, env: (cmd: Command) => CommandEnv): void {
  program
    .command('serve')
    .description(
      'serve the app and its engine to a browser on 127.0.0.1 (the URL it prints carries a session token)',
    )
    .option(
      '-p, --project <file>',
      'project file (created if missing); without it the app opens on its Home screen',
    )
    .option('--port <n>', 'port to listen on (0 picks a free one)', '0')
    .option('--renderer <dir>', 'built renderer to serve (default: out/renderer)')
    .action(async (opts: { project?: string; port: string; renderer?: string }, cmd: Command) => {
      const e = env(cmd);
      const port = parseNumber('--port', opts.port, { integer: true, min: 0, max: 65535 });
      // The page can open and create other projects (the Home screen); the recent list is kept in
      // the config folder ($TAXONOMIST_CONFIG_DIR, else $XDG_CONFIG_HOME/taxonomist or ~/.config/taxonomist).
      const engine = new ProjectSession({
        recent: new RecentProjects(join(configDir(), 'recent-projects.json')),
        version: process.env.TAXONOMIST_VERSION ?? '0.1.0',
      });
      if (opts.project) await engine.start(opts.project);
      const host = await startWebHost({ engine, port, rendererDir: opts.renderer ?? defaultRendererDir() });
      e.result({ ok: true, url: host.url, port: host.port, project: engine.projectPath }, () => {
        const what = opts.project ? opts.project : 'its Home screen (no project open yet)';
        e.stdout(`Taxonomist is serving ${what} at\n  ${host.url}\n(127.0.0.1 only; Ctrl+C stops it)\n`);
      });
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await host.close();
      await engine.close();
    });
}
