/**
 * The pod inside every pod-bearing object, with the paths to it, so checks written
 * once for a PodSpec report the right location in a Deployment, a CronJob or a Pod.
 */
import { groupOf, POD_TEMPLATE_LOCATIONS } from './kinds.js';
import { asArray, isRecord, type JsonPath, type PathSegment, type Resource } from './types.js';

export interface Workload {
  readonly resource: Resource;
  /** The pod's ObjectMeta (the template's metadata for controllers); `{}` when absent. */
  readonly podMetadata: Record<string, unknown>;
  readonly podMetadataPath: JsonPath;
  /** The PodSpec; `{}` when absent or not an object (an input finding reports that). */
  readonly spec: Record<string, unknown>;
  readonly specPath: JsonPath;
}

export type ContainerKind = 'containers' | 'initContainers' | 'ephemeralContainers';

export interface ContainerRef {
  readonly container: Record<string, unknown>;
  readonly kind: ContainerKind;
  readonly index: number;
  readonly name: string;
  /** Path from the resource root to the container. */
  readonly path: JsonPath;
}

function getPath(root: unknown, path: JsonPath): unknown {
  let node = root;
  for (const seg of path) {
    if (!isRecord(node) && !Array.isArray(node)) return undefined;
    node = (node as Record<PathSegment, unknown>)[seg];
  }
  return node;
}

/** The pod of a resource, or undefined when the kind carries none. */
export function workloadOf(resource: Resource): Workload | undefined {
  const loc = POD_TEMPLATE_LOCATIONS.get(`${groupOf(resource.ref.apiVersion)}/${resource.ref.kind}`);
  if (!loc) return undefined;
  const meta = getPath(resource.object, loc.metadata);
  const spec = getPath(resource.object, loc.spec);
  return {
    resource,
    podMetadata: isRecord(meta) ? meta : {},
    podMetadataPath: loc.metadata,
    spec: isRecord(spec) ? spec : {},
    specPath: loc.spec,
  };
}

export const CONTAINER_KINDS: readonly ContainerKind[] = [
  'initContainers',
  'containers',
  'ephemeralContainers',
];

/** Every container of the pod (init, regular, ephemeral), skipping entries that are not objects. */
export function containersOf(w: Workload, kinds: readonly ContainerKind[] = CONTAINER_KINDS): ContainerRef[] {
  const out: ContainerRef[] = [];
  for (const kind of kinds) {
    asArray(w.spec[kind]).forEach((c, index) => {
      if (!isRecord(c)) return;
      out.push({
        container: c,
        kind,
        index,
        name: typeof c.name === 'string' ? c.name : `${kind}[${index}]`,
        path: [...w.specPath, kind, index],
      });
    });
  }
  return out;
}

/** The service account a pod runs as: spec.serviceAccountName, the deprecated spec.serviceAccount, or "default". */
export function serviceAccountOf(w: Workload): string {
  const n = w.spec.serviceAccountName;
  if (typeof n === 'string' && n !== '') return n;
  const legacy = w.spec.serviceAccount;
  if (typeof legacy === 'string' && legacy !== '') return legacy;
  return 'default';
}
