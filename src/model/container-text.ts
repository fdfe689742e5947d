/** How messages name a container: `Container "app"`, `Init container "setup"`, `Ephemeral container "debug"`. */
import { type ContainerKind, type ContainerRef, containersOf, type Workload } from './workloads.js';

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

/**
 * `containersOf` computed once per workload and scan, shared by the checks that walk
 * every container. Pass `ctx.memo('containers-of', newContainersCache)`.
 */
export function newContainersCache(): WeakMap<Workload, ContainerRef[]> {
  return new WeakMap();
}

export function containersCached(
  cache: WeakMap<Workload, ContainerRef[]>,
  w: Workload,
  kinds?: readonly ContainerKind[],
): readonly ContainerRef[] {
  let all = cache.get(w);
  if (!all) {
    all = containersOf(w);
    cache.set(w, all);
  }
  return kinds === undefined ? all : all.filter((c) => kinds.includes(c.kind));
}
