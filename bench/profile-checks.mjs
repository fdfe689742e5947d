// Builds bench/profile-checks.ts and runs it with --expose-gc (see that file).
import { spawnSync } from 'node:child_process';
import { build } from 'esbuild';

await build({
  entryPoints: ['bench/profile-checks.ts'],
  outfile: 'bench/out/profile-checks.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  logLevel: 'warning',
  banner: { js: "import { createRequire as __c } from 'node:module'; const require = __c(import.meta.url);" },
});
const r = spawnSync(
  process.execPath,
  ['--expose-gc', 'bench/out/profile-checks.mjs', ...process.argv.slice(2)],
  {
    stdio: 'inherit',
  },
);
process.exitCode = r.status ?? 1;
