import { AppError } from '../../shared/errors';

/** The case study embeds `title:abstract`. */
export const DEFAULT_TEXT_TEMPLATE = '{title}:{abstract}';

const PLACEHOLDERS = ['title', 'abstract', 'year', 'venue', 'authors', 'categories', 'id'] as const;
export type TemplateFields = Partial<
  Record<(typeof PLACEHOLDERS)[number], string | number | string[] | null>
>;

/** Checks that a template names only known fields and at least one of title/abstract. */
export function validateTextTemplate(template: string): void {
  const names = [...template.matchAll(/\{([^{}]*)\}/g)].map((m) => m[1]!);
  const unknown = names.filter((n) => !(PLACEHOLDERS as readonly string[]).includes(n));
  if (unknown.length) {
    throw new AppError(
      'USAGE',
      `text template names unknown field(s) ${unknown.map((u) => `{${u}}`).join(', ')}; known: ${PLACEHOLDERS.map((p) => `{${p}}`).join(', ')}`,
    );
  }
  if (!names.includes('title') && !names.includes('abstract')) {
    throw new AppError('USAGE', 'text template must use {title} or {abstract}');
  }
}

/** The text a model embeds for one document. */
export function renderText(template: string, doc: TemplateFields): string {
  return template.replace(/\{([a-z]+)\}/g, (_, name: string) => {
    const v = doc[name as keyof TemplateFields];
    if (v == null) return '';
    return Array.isArray(v) ? v.join(', ') : String(v);
  });
}
