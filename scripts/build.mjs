// Bundles the CLI into one ESM file (dist/kzt.mjs) with every dependency inside, so the
// published package has no runtime dependencies and starts fast.
import { build } from 'esbuild';

await build({
  // The CLI, and the parse worker it starts for large inputs (src/input/parallel-parse.ts).
  entryPoints: [
    { in: 'src/cli/bin.ts', out: 'kzt' },
    { in: 'src/input/parse-worker.ts', out: 'parse-worker' },
  ],
  outdir: 'dist',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: 'linked',
  legalComments: 'eof',
  banner: {
    js: "#!/usr/bin/env node\nimport { createRequire as __kztCreateRequire } from 'node:module';\nconst require = __kztCreateRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
