import type { Command } from 'commander';
import { existsSync, statSync } from 'node:fs';
import { AppError } from '../../shared/errors';
import {
  countDocuments,
  documentYears,
  getSetting,
  listImports,
  ProjectStore,
  schemaVersion,
} from '../../engine/store';
import { DEFAULT_TEXT_TEMPLATE } from '../../engine/corpus';
import type { CommandEnv } from '../program';

export function registerProjectCommands(program: Command, env: (cmd: Command) => CommandEnv): void {
  program
    .command('init')
    .description('create a new, empty project file')
    .argument('<file>', 'project file to create (e.g. papers.taxonomist)')
    .action((file: string, _opts: unknown, cmd: Command) => {
      const e = env(cmd);
      if (existsSync(file))
        throw new AppError('INVALID_INPUT', `${file} already exists; choose another name`);
      const store = ProjectStore.open(file, { create: true });
      const version = schemaVersion(store.db);
      store.close();
      e.result({ ok: true, project: file, schemaVersion: version }, () =>
        e.stdout(`created ${file} (schema ${version})\n`),
      );
    });

  program
    .command('info')
    .description('summarise a project: documents, imports, schema')
    .requiredOption('-p, --project <file>', 'project file')
    .action((opts: { project: string }, cmd: Command) => {
      const e = env(cmd);
      const store = ProjectStore.open(opts.project);
      try {
        const db = store.db;
        const imports = listImports(db);
        const years = documentYears(db);
        const info = {
          ok: true,
          project: opts.project,
          schemaVersion: schemaVersion(db),
          sizeBytes: statSync(opts.project).size,
          documents: countDocuments(db),
          textTemplate: getSetting(db, 'textTemplate') ?? DEFAULT_TEXT_TEMPLATE,
          years: years.length ? { first: years[0]!.year, last: years[years.length - 1]!.year } : null,
          imports: imports.map((i) => ({
            id: i.id,
            source: i.sourcePath,
            format: i.format + (i.compressed ? '+gzip' : ''),
            imported: i.imported,
            duplicateIds: i.duplicateIds,
            duplicateTexts: i.duplicateTexts,
            rejected: i.rejected,
            at: i.finishedAt,
          })),
        };
        e.result(info, () => {
          e.stdout(
            `project    ${info.project} (schema ${info.schemaVersion}, ${(info.sizeBytes / 1e6).toFixed(1)} MB)\n`,
          );
          e.stdout(`documents  ${info.documents.toLocaleString('en-US')}\n`);
          if (info.years) e.stdout(`years      ${info.years.first}-${info.years.last}\n`);
          e.stdout(`text       ${info.textTemplate}\n`);
          for (const i of info.imports) {
            e.stdout(
              `import #${i.id}  ${i.source}  ${i.imported} imported, ${i.duplicateIds + i.duplicateTexts} duplicates, ${i.rejected} rejected  (${i.at})\n`,
            );
          }
        });
      } finally {
        store.close();
      }
    });
}
