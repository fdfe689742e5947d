/**
 * The catalogue: every check kzt ships, sorted by id. Each pillar keeps its own index
 * so pillars can grow independently.
 */
import type { Check } from '../engine/types.js';
import { encryptionChecks } from './encryption/index.js';
import { identityChecks } from './identity/index.js';
import { inputChecks } from './input/index.js';
import { monitoringChecks } from './monitoring/index.js';
import { perimeterChecks } from './perimeter/index.js';
import { segmentationChecks } from './segmentation/index.js';
import { workloadChecks } from './workload/index.js';

export const ALL_CHECKS: readonly Check[] = [
  ...inputChecks,
  ...identityChecks,
  ...segmentationChecks,
  ...perimeterChecks,
  ...encryptionChecks,
  ...monitoringChecks,
  ...workloadChecks,
].sort((a, b) => (a.meta.id < b.meta.id ? -1 : a.meta.id > b.meta.id ? 1 : 0));

export function findCheck(idOrSlug: string): Check | undefined {
  const q = idOrSlug.toUpperCase();
  return ALL_CHECKS.find((c) => c.meta.id === q || c.meta.slug === idOrSlug);
}
