import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';

// Default electron-vite layout: src/{main,preload,renderer} build to out/{main,preload,renderer}.
// package.json says "type": "module", so main is emitted as ESM (out/main/index.js).
export default defineConfig({
  main: {
    build: {
      rolldownOptions: {
        // The window's process, the engine's utility process (out/main/engine.js), and the worker
        // threads the engine starts from beside itself (out/main/{embed,reduce,hdbscan}-worker.js).
        input: {
          index: resolve(import.meta.dirname, 'src/main/index.ts'),
          engine: resolve(import.meta.dirname, 'src/main/engine-process.ts'),
          'embed-worker': resolve(import.meta.dirname, 'src/engine/embed/embed-worker.ts'),
          'reduce-worker': resolve(import.meta.dirname, 'src/engine/reduce/reduce-worker.ts'),
          'hdbscan-worker': resolve(import.meta.dirname, 'src/engine/cluster/hdbscan-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      // Sandboxed preloads cannot load ES modules or anything from node_modules: bundle every
      // dependency into one CommonJS file.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve(import.meta.dirname, 'src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    build: {
      rolldownOptions: {
        input: { index: resolve(import.meta.dirname, 'src/renderer/index.html') },
      },
    },
  },
});
