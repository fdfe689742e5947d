/** How messages name a container: `Container "app"`, `Init container "setup"`, `Ephemeral container "debug"`. */
import type { ContainerRef } from './workloads.js';

export function containerLabel(c: ContainerRef, capitalized = true): string {
  const kind =
    c.kind === 'initContainers'
      ? 'init container'
      : c.kind === 'ephemeralContainers'
        ? 'ephemeral container'
        : 'container';
  const text = `${kind} "${c.name}"`;
  return capitalized ? text[0]!.toUpperCase() + text.slice(1) : text;
}

/** Windows pods: Linux-only securityContext fields (readOnlyRootFilesystem, ...) must not be set there. */
export function isWindowsPod(spec: Record<string, unknown>): boolean {
  const os = spec.os;
  return typeof os === 'object' && os !== null && (os as Record<string, unknown>).name === 'windows';
}
