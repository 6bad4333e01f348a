import { baseCompile } from '@intlify/message-compiler';
import type { Plugin } from 'vite';

// Compiles the messages of src/locales/<locale>/<area>.ts to vue-i18n's message AST at build time
// (each locale's index.ts only merges its areas). The browser then only formats ready ASTs: no
// message compiler in the bundle and nothing close to eval, which the server's
// Content-Security-Policy (script-src 'self') would refuse anyway.

type Tree = { [key: string]: string | Tree };

function compileTree(tree: Tree, where: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(tree)) {
    const path = where ? `${where}.${key}` : key;
    if (typeof value === 'string') {
      const errors: string[] = [];
      const { ast } = baseCompile(value, {
        jit: true,
        location: false,
        minify: true,
        onError: (e) => errors.push(e.message),
      } as Parameters<typeof baseCompile>[1]);
      if (errors.length > 0) throw new Error(`message ${path}: ${errors.join('; ')}`);
      out[key] = ast;
    } else if (value && typeof value === 'object') {
      out[key] = compileTree(value, path);
    } else {
      throw new Error(`message ${path}: expected a string or an object`);
    }
  }
  return out;
}

export function precompileLocales(): Plugin {
  return {
    name: 'anxin:precompile-locales',
    enforce: 'post',
    async transform(code, id) {
      if (!/[\\/]src[\\/]locales[\\/][a-z]{2}-[A-Z]{2}[\\/](?!index\.ts$)[\w-]+\.ts$/.test(id)) return null;
      // An area is plain data (TypeScript, with its type-only import, already stripped here):
      // evaluate it as a module.
      const mod = (await import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`)) as {
        default: Tree;
      };
      const compiled = compileTree(mod.default, '');
      return { code: `export default ${JSON.stringify(compiled)};\n`, map: null };
    },
  };
}
