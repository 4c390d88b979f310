// The layer rule: every file under src/ belongs to one layer (the longest matching folder in the
// table), and may import only from the layers and the packages its entry lists. An allow-list, so a
// new folder or a new dependency is a decision someone writes down rather than a hole nobody noticed.
import { builtinModules } from 'node:module';
import path from 'node:path';

const builtins = new Set(builtinModules);

/** `react-dom/client` -> `react-dom`, `@deck.gl/core/x` -> `@deck.gl/core`, `node:fs` -> `node:fs`. */
function packageName(spec) {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

const isBuiltin = (name) => name.startsWith('node:') || builtins.has(name);

/** The layer holding `file` (a path relative to the source root, with `/`), or undefined outside every layer. */
function layerOf(layers, file) {
  let best;
  for (const name of Object.keys(layers)) {
    if ((file === name || file.startsWith(`${name}/`)) && (!best || name.length > best.length)) best = name;
  }
  return best;
}

function isTypeOnly(node) {
  if (node.importKind === 'type' || node.exportKind === 'type') return true;
  const specifiers = node.specifiers ?? [];
  return (
    node.type === 'ImportDeclaration' &&
    specifiers.length > 0 &&
    specifiers.every((s) => s.type === 'ImportSpecifier' && s.importKind === 'type')
  );
}

/** @type {import('eslint').Rule.RuleModule} */
export default {
  meta: {
    type: 'problem',
    docs: { description: 'each layer imports only the layers and packages on its allow-list' },
    schema: [
      {
        type: 'object',
        properties: { root: { type: 'string' }, layers: { type: 'object' } },
        required: ['root', 'layers'],
        additionalProperties: false,
      },
    ],
    messages: {
      layer: '{{from}} may not import from {{to}}{{hint}}',
      outside: '{{from}} may not import {{spec}}: it lies outside the layers',
      package: '{{from}} may not use the package {{name}}{{hint}}',
      unlisted: '{{file}} belongs to no layer: add its folder to the layer table in eslint.config.js',
    },
  },
  create(context) {
    const { root, layers } = context.options[0];
    const rootDir = path.resolve(context.cwd, root);
    const filename = context.filename;
    const rel = path.relative(rootDir, filename).split(path.sep).join('/');
    if (rel.startsWith('..')) return {};
    const from = layerOf(layers, rel);
    if (!from) {
      return { Program: (node) => context.report({ node, messageId: 'unlisted', data: { file: rel } }) };
    }
    const allowed = layers[from];
    const has = (list, x) => (list ?? []).includes(x);

    function check(node, source, typeOnly) {
      if (!source || typeof source.value !== 'string') return;
      const spec = source.value;
      if (spec.startsWith('.')) {
        const target = path
          .relative(rootDir, path.resolve(path.dirname(filename), spec))
          .split(path.sep)
          .join('/');
        const to = target.startsWith('..') ? undefined : layerOf(layers, target);
        if (!to) {
          context.report({ node: source, messageId: 'outside', data: { from, spec } });
        } else if (to !== from && !has(allowed.imports, to) && !(typeOnly && has(allowed.typeImports, to))) {
          const hint = has(allowed.typeImports, to) ? ' (only `import type`)' : '';
          context.report({ node: source, messageId: 'layer', data: { from, to, hint } });
        }
        return;
      }
      const name = packageName(spec);
      const ok = isBuiltin(name)
        ? allowed.node === true || has(allowed.packages, name.replace(/^node:/, ''))
        : has(allowed.packages, name) || (typeOnly && has(allowed.typePackages, name));
      if (!ok) {
        const hint = has(allowed.typePackages, name) ? ' (only `import type`)' : '';
        context.report({ node: source, messageId: 'package', data: { from, name, hint } });
      }
    }

    return {
      ImportDeclaration: (node) => check(node, node.source, isTypeOnly(node)),
      ExportNamedDeclaration: (node) => check(node, node.source, isTypeOnly(node)),
      ExportAllDeclaration: (node) => check(node, node.source, isTypeOnly(node)),
      ImportExpression: (node) => check(node, node.source.type === 'Literal' ? node.source : null, false),
      TSImportType: (node) => {
        const lit = node.argument?.type === 'TSLiteralType' ? node.argument.literal : node.argument;
        check(node, lit, true);
      },
    };
  },
};
