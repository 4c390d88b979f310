import { Command, CommanderError, Option } from 'commander';
import { AppError, toErrorData } from '../shared/errors';
import type { AppErrorData } from '../shared/errors';
import { registerProjectCommands } from './commands/project';
import { registerImportCommand } from './commands/import';
import { registerClusterCommands } from './commands/cluster';
import { registerEmbedCommands } from './commands/embed';
import { registerQuantizeCommands } from './commands/quantize';
import { registerReduceCommands } from './commands/reduce';
import { registerLabelCommands } from './commands/label';
import { registerServeCommand } from './commands/serve';
import { registerBuildCommand } from './commands/build';
import { registerTaxonomyCommands } from './commands/taxonomy';

export type CliIo = {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
};

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** Everything a command needs from the process, so commands stay testable in-process. */
export type CommandEnv = CliIo & {
  json: boolean;
  /** Sets the command's outcome: printed as one JSON object with --json, else by `human`. */
  result: (value: unknown, human: () => void) => void;
};

export function buildProgram(io: CliIo): Command {
  const program = new Command('taxonomist')
    .description('Turn a corpus of research papers into a reviewed, hierarchical topic taxonomy.')
    .version(process.env.TAXONOMIST_VERSION ?? '0.1.0', '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .exitOverride();
  const env = (cmd: Command): CommandEnv => {
    const json = Boolean(cmd.opts().json);
    return {
      ...io,
      json,
      result: (value, human) => {
        if (json) io.stdout(`${JSON.stringify(value, null, 2)}\n`);
        else human();
      },
    };
  };
  registerProjectCommands(program, env);
  registerImportCommand(program, env);
  registerClusterCommands(program, env);
  registerEmbedCommands(program, env);
  registerQuantizeCommands(program, env);
  registerReduceCommands(program, env);
  registerLabelCommands(program, env);
  registerServeCommand(program, env);
  registerBuildCommand(program, env);
  registerTaxonomyCommands(program, env);
  for (const cmd of program.commands) {
    cmd.exitOverride();
    cmd.configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
    if (!cmd.options.some((o) => o.long === '--json')) {
      cmd.addOption(new Option('--json', 'print one JSON object with the result on stdout'));
    }
  }
  return program;
}

/** Runs the CLI and returns its exit code: 0 success, 1 failure, 2 usage error. */
export async function runCli(argv: string[], io: CliIo = defaultIo): Promise<number> {
  const wantsJson = argv.includes('--json');
  const program = buildProgram(io);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return EXIT_OK;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.exitCode === 0)
        return EXIT_OK;
      if (wantsJson)
        io.stdout(`${JSON.stringify({ ok: false, error: { code: 'USAGE', message: e.message } })}\n`);
      return EXIT_USAGE;
    }
    const err: AppErrorData = toErrorData(e);
    if (wantsJson) io.stdout(`${JSON.stringify({ ok: false, error: err })}\n`);
    io.stderr(`taxonomist: ${err.message}\n`);
    if (err.code === 'INTERNAL' && e instanceof Error && process.env.TAXONOMIST_DEBUG)
      io.stderr(`${e.stack}\n`);
    return e instanceof AppError && e.code === 'USAGE' ? EXIT_USAGE : EXIT_FAILURE;
  }
}

const defaultIo: CliIo = {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
};
