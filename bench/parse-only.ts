/**
 * Parse-only baseline for the scan benchmark: read the same files and parse them with
 * the same parser, the same YAML 1.1 schema, the same position capture and the same
 * parse workers as `kzt scan`, then stop. scan time / this time is the "ratio" the
 * benchmark reports.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parallelParseFor } from '../src/cli/io.js';
import { loadManifests } from '../src/input/load.js';

const paths = process.argv.slice(2);
const parallel = parallelParseFor(process.env, pathToFileURL(resolve('dist/kzt.mjs')).href);
const loaded = await loadManifests(paths, { kustomize: false, parallel });
process.stdout.write(
  `${JSON.stringify({ objects: loaded.inventory.resources.length, files: loaded.files, parseWorkers: parallel?.workers ?? 0 })}\n`,
);
