// ESLint rule: which modules each process may import. It knows packages, not only folders:
// the renderer and shared/ may import only packages that run in a browser, and a relative
// import may not reach into another process's folder.
import { builtinModules } from 'node:module';
import path from 'node:path';

const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

/** Package name of a bare specifier: "@scope/name/sub" -> "@scope/name", "name/sub" -> "name". */
function packageName(spec) {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function matches(name, patterns) {
  return patterns.some((p) => (p.endsWith('/*') ? name.startsWith(p.slice(0, -1)) : name === p));
}

export const processBoundaries = {
  meta: {
    type: 'problem',
    docs: { description: 'Keeps each process to the modules it can load' },
    schema: [
      {
        type: 'object',
        properties: {
          process: { type: 'string' },
          nodeBuiltins: { type: 'boolean' },
          // Package patterns ("react", "@codemirror/*"); omitted = every package allowed.
          packages: { type: 'array', items: { type: 'string' } },
          forbiddenPackages: { type: 'array', items: { type: 'string' } },
          // Folders (relative to the project root) that relative imports may reach.
          folders: { type: 'array', items: { type: 'string' } },
        },
        required: ['process'],
        additionalProperties: false,
      },
    ],
  },
  create(context) {
    const options = context.options[0];
    const root = context.cwd;
    const file = context.filename;

    function check(node, spec) {
      if (typeof spec !== 'string') return;
      const report = (why) => context.report({ node, message: `${options.process} code cannot import "${spec}": ${why}` });
      if (spec.startsWith('.')) {
        if (!options.folders) return;
        const target = path.relative(root, path.resolve(path.dirname(file), spec));
        if (!options.folders.some((f) => target === f || target.startsWith(`${f}/`))) {
          report(`it may only import from ${options.folders.join(', ')}`);
        }
        return;
      }
      if (NODE_BUILTINS.has(spec) || NODE_BUILTINS.has(spec.split('/')[0])) {
        if (!options.nodeBuiltins) report('Node built-ins do not exist there');
        return;
      }
      const name = packageName(spec);
      if (options.forbiddenPackages && matches(name, options.forbiddenPackages)) report('that package belongs to another process');
      else if (options.packages && !matches(name, options.packages)) report('that package is not known to run there (add it to the list in eslint.config.js if it does)');
    }

    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
      CallExpression: (node) => {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require' && node.arguments[0]?.type === 'Literal') {
          check(node, node.arguments[0].value);
        }
      },
    };
  },
};
