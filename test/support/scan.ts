/** Test helpers: scan YAML in memory and wrap a pod in every workload kind. */
import yaml from 'js-yaml';
import { runScan } from '../../src/engine/runner.js';
import type { Check, ScanOptions, ScanResult } from '../../src/engine/types.js';
import { inventoryFromYaml } from '../../src/input/load.js';
import { K8S_YAML_SCHEMA } from '../../src/input/yaml11-schema.js';
import type { WorkloadKind } from '../../src/model/kinds.js';

export const DEFAULT_OPTIONS: ScanOptions = { pss: { level: 'restricted', version: 'latest' } };

export function scanYaml(
  text: string,
  checks: readonly Check[],
  options: ScanOptions = DEFAULT_OPTIONS,
): ScanResult {
  const loaded = inventoryFromYaml(text, 'test.yaml');
  return runScan({
    inventory: loaded.inventory,
    checks,
    options,
    documentProblems: loaded.documentProblems,
    issues: loaded.issues,
    files: 1,
    today: '2026-11-27',
  });
}

type Obj = Record<string, unknown>;

/**
 * Wraps a Pod (as an object) into a workload of the given kind, keeping its metadata
 * labels/annotations on the template so annotation-based checks see them.
 */
export function wrapPod(pod: Obj, kind: WorkloadKind): Obj {
  const meta = (pod.metadata ?? {}) as Obj;
  const name = (meta.name as string) ?? 'pod';
  const podMeta: Obj = { ...meta };
  delete podMeta.name;
  delete podMeta.namespace;
  const labels = { app: name, ...((meta.labels as Obj) ?? {}) };
  const template = { metadata: { ...podMeta, labels }, spec: pod.spec };
  const top: Obj = { name, ...(meta.namespace ? { namespace: meta.namespace } : {}) };
  const selector = { matchLabels: { app: name } };
  switch (kind) {
    case 'Pod':
      return pod;
    case 'Deployment':
    case 'ReplicaSet':
    case 'StatefulSet':
    case 'DaemonSet':
      return { apiVersion: 'apps/v1', kind, metadata: top, spec: { selector, template } };
    case 'Job':
      return { apiVersion: 'batch/v1', kind, metadata: top, spec: { template } };
    case 'CronJob':
      return {
        apiVersion: 'batch/v1',
        kind,
        metadata: top,
        spec: { schedule: '* * * * *', jobTemplate: { spec: { template } } },
      };
    case 'ReplicationController':
      return { apiVersion: 'v1', kind, metadata: top, spec: { selector: { app: name }, template } };
    case 'PodTemplate':
      return { apiVersion: 'v1', kind, metadata: top, template };
  }
}

/** Path prefix of the pod spec inside each kind, to compare finding paths across kinds. */
export const SPEC_PREFIX: Record<WorkloadKind, string> = {
  Pod: 'spec',
  Deployment: 'spec.template.spec',
  ReplicaSet: 'spec.template.spec',
  StatefulSet: 'spec.template.spec',
  DaemonSet: 'spec.template.spec',
  Job: 'spec.template.spec',
  CronJob: 'spec.jobTemplate.spec.template.spec',
  ReplicationController: 'spec.template.spec',
  PodTemplate: 'template.spec',
};

export function toYaml(objects: Obj | Obj[]): string {
  const list = Array.isArray(objects) ? objects : [objects];
  return list.map((o) => yaml.dump(o, { noRefs: true, lineWidth: -1 })).join('---\n');
}

export function parseYamlObjects(text: string): Obj[] {
  // Read with Kubernetes' YAML 1.1 scalars, so `privileged: yes` cases replay as `true`.
  return (yaml.loadAll(text, undefined, { schema: K8S_YAML_SCHEMA }) as unknown[]).filter(
    (d): d is Obj => typeof d === 'object' && d !== null,
  );
}
