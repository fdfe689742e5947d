// Bundles the CLI into one ESM file (dist/kzt.mjs) with every dependency inside, so the
// published package has no runtime dependencies and starts fast.
import { build } from 'esbuild';

await build({
  entryPoints: ['src/cli/bin.ts'],
  outfile: 'dist/kzt.mjs',
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
