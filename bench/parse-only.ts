/**
 * Parse-only baseline for the scan benchmark: read the same files and parse them with
 * the same parser, the same YAML 1.1 schema and the same position capture as `kzt scan`,
 * then stop. scan time / this time is the "ratio" the benchmark reports.
 */
import { loadManifests } from '../src/input/load.js';

const paths = process.argv.slice(2);
const loaded = await loadManifests(paths, { kustomize: false });
process.stdout.write(
  `${JSON.stringify({ objects: loaded.inventory.resources.length, files: loaded.files })}\n`,
);
