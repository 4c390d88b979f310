import { AppError } from '../../shared/errors';
import type { Tree } from './tree';
import { childrenOf, emptyTree, ROOT, walk } from './tree';

/** One line of a Markdown taxonomy: depth 1 = main category. */
export type OutlineEntry = { depth: number; label: string; definition: string | null };

const oneLine = (s: string): string => s.replace(/\s*[\r\n]+\s*/g, ' ').trim();

function entries(tree: Tree): (OutlineEntry & { id: number })[] {
  return walk(tree).map(({ id, depth }) => {
    const n = tree.nodes.get(id)!;
    const definition = n.definition === null ? null : oneLine(n.definition);
    return { id, depth, label: oneLine(n.label), definition: definition || null };
  });
}

const withDefinition = (label: string, definition: string | null): string =>
  definition ? `${label}: ${definition}` : label;

/**
 * The case study's outline: one line per node, as many dots as its depth
 * (`. Category`, `.. Subcategory`, `... Topic: definition`).
 */
export function toOutline(tree: Tree): string {
  return entries(tree)
    .map((e) => `${'.'.repeat(e.depth)} ${withDefinition(e.label, e.definition)}\n`)
    .join('');
}

/**
 * Markdown headings: nodes with children and main categories are headings (`#`, `##`, ...), the
 * leaves bullets under their parent's heading (`- **Topic**: definition`).
 */
export function toHeadings(tree: Tree): string {
  const lines: string[] = [];
  let headingDepth = 0;
  for (const e of entries(tree)) {
    // A leaf after a deeper heading would read back as that heading's child, so it becomes a heading.
    const heading = e.depth === 1 || childrenOf(tree, e.id).length > 0 || e.depth !== headingDepth + 1;
    if (heading) {
      headingDepth = e.depth;
      if (lines.length && lines[lines.length - 1] !== '') lines.push('');
      lines.push(`${'#'.repeat(e.depth)} ${withDefinition(e.label, e.definition)}`, '');
    } else {
      lines.push(`- ${withDefinition(`**${e.label}**`, e.definition)}`);
    }
  }
  while (lines.length && lines[lines.length - 1] === '') lines.pop();
  return lines.length ? `${lines.join('\n')}\n` : '';
}

const splitDefinition = (text: string): { label: string; definition: string | null } => {
  const at = text.indexOf(': ');
  return at < 0
    ? { label: text.trim(), definition: null }
    : { label: text.slice(0, at).trim(), definition: text.slice(at + 2).trim() || null };
};

/** Reads either Markdown form (outline or headings) back into entries, checking depths step by one. */
export function parseTaxonomyMarkdown(text: string): OutlineEntry[] {
  const out: OutlineEntry[] = [];
  let headingDepth = 0;
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((raw, i) => {
    const line = raw.trimEnd();
    if (!line.trim()) return;
    const where = `line ${i + 1}`;
    let entry: OutlineEntry;
    let m: RegExpMatchArray | null;
    if ((m = /^(\.+)\s+(.*)$/.exec(line))) {
      entry = { depth: m[1]!.length, ...splitDefinition(m[2]!) };
    } else if ((m = /^(#+)\s+(.*)$/.exec(line))) {
      headingDepth = m[1]!.length;
      entry = { depth: headingDepth, ...splitDefinition(m[2]!) };
    } else if (
      (m = /^\s*[-*+]\s+\*\*(.+?)\*\*(?::\s*(.*))?$/.exec(line)) ||
      (m = /^\s*[-*+]\s+(.*)$/.exec(line))
    ) {
      const parts = m[2] === undefined && !line.includes('**') ? splitDefinition(m[1]!) : null;
      entry = {
        depth: headingDepth + 1,
        label: parts ? parts.label : m[1]!.trim(),
        definition: parts ? parts.definition : m[2]?.trim() || null,
      };
    } else {
      throw new AppError(
        'INVALID_INPUT',
        `${where}: not a taxonomy line (". Category", "# Category" or "- **Topic**: ...")`,
      );
    }
    const prev = out.length ? out[out.length - 1]!.depth : 0;
    if (entry.depth > prev + 1)
      throw new AppError(
        'INVALID_INPUT',
        `${where}: "${entry.label}" is ${entry.depth - prev} levels below the line before`,
      );
    if (!entry.label) throw new AppError('INVALID_INPUT', `${where}: empty label`);
    out.push(entry);
  });
  return out;
}

/** A tree from outline entries, with node ids from `firstId` on. */
export function treeFromEntries(entries: readonly OutlineEntry[], firstId = 1): Tree {
  const tree = emptyTree();
  const stack: number[] = [ROOT];
  let id = firstId;
  for (const e of entries) {
    stack.length = e.depth;
    const parentId = stack[e.depth - 1]!;
    const n = id++;
    tree.nodes.set(n, {
      id: n,
      parentId,
      label: e.label,
      definition: e.definition,
      flags: {},
      clusterIds: [],
      topicId: null,
    });
    tree.children.set(parentId, [...childrenOf(tree, parentId), n]);
    stack.push(n);
  }
  return tree;
}
