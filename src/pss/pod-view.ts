/**
 * Decodes a pod (metadata + spec as plain JSON, possibly hostile) into the typed view
 * the checks read, the way the API server's typed decoding would see it.
 *
 * Type policy — a field whose JSON type is wrong (`privileged: "true"`, `securityContext: 5`,
 * `capabilities: {add: "ALL"}`) makes the API server reject the whole object with a decode
 * error, so no such pod is ever admitted. We record the field in `problems` (with its path)
 * and decode it as if it were absent, exactly like the shared input checks (ZT-IN-003) do.
 * This is deterministic, never throws, and cannot be used to hide a setting from kzt that
 * the cluster would accept: any value the cluster accepts has the right type.
 * - `null` is absent, as in Go (nil pointer, empty slice, false).
 * - Integers accept any JSON number with an integral value (YAML `0.0` reaches the API
 *   server as `0` and is decoded as root), within int32 for ports and a safe integer otherwise.
 * - A list item that is not an object (a container, a volume, a sysctl) is skipped and
 *   recorded as a problem; a list of strings skips (and records) items that are not strings.
 * - Only own properties are read (see `own`), so keys like `__proto__` or `constructor` mean nothing special.
 *
 * What the API server does to a pod before PodSecurity sees it, when it changes a verdict,
 * is applied too (for a workload: to the pods it creates):
 * - a volume with no source is defaulted to `emptyDir: {}` (SetDefaults_Volume);
 * - with `hostNetwork: true`, each port of containers and init containers without a
 *   hostPort gets hostPort = containerPort (SetDefaults_PodSpec);
 * - the seccomp annotations (`seccomp.security.alpha.kubernetes.io/pod`,
 *   `container.seccomp.security.alpha.kubernetes.io/<name>`) are copied to
 *   securityContext.seccompProfile where that field is absent (applySeccompVersionSkew,
 *   since Kubernetes 1.19), so `runtime/default` satisfies restricted and `unconfined`
 *   fails baseline as in a real cluster.
 * The AppArmor annotation/field copy is not applied: it maps allowed values to allowed
 * values and forbidden to forbidden, and the check reads both, so verdicts are the same.
 */
import type { JsonPath } from '../model/types.js';

export type ContainerKind = 'initContainers' | 'containers' | 'ephemeralContainers';

/** Upstream visits init containers, then containers, then ephemeral containers (policy/visitor.go). */
export const VISIT_ORDER: readonly ContainerKind[] = ['initContainers', 'containers', 'ephemeralContainers'];

/** A field the API server would refuse to decode; the evaluation treated it as absent. */
export interface FieldProblem {
  /** From the pod root ('metadata' or 'spec' first). */
  readonly path: JsonPath;
  /** e.g. "a boolean". */
  readonly expected: string;
  /** e.g. "a string". */
  readonly found: string;
}

/** seccompProfile / appArmorProfile: Go decodes a present object with no type as type "". */
export interface ProfileView {
  readonly type: string;
  /** Set when the API server copies the profile from this seccomp annotation (the field is absent). */
  readonly fromAnnotation?: string;
}

export interface SELinuxView {
  readonly type: string;
  readonly user: string;
  readonly role: string;
}

export interface SecurityContextView {
  readonly runAsNonRoot: boolean | undefined;
  readonly runAsUser: number | undefined;
  readonly seLinuxOptions: SELinuxView | undefined;
  readonly seccompProfile: ProfileView | undefined;
  readonly appArmorProfile: ProfileView | undefined;
  /** windowsOptions.hostProcess (undefined when windowsOptions or hostProcess is absent). */
  readonly hostProcess: boolean | undefined;
}

export interface IndexedString {
  readonly value: string;
  /** Index in the source list, for the path. */
  readonly index: number;
}

export interface CapabilitiesView {
  readonly add: readonly IndexedString[];
  readonly drop: readonly IndexedString[];
}

export interface ContainerSecurityContextView extends SecurityContextView {
  readonly privileged: boolean | undefined;
  readonly allowPrivilegeEscalation: boolean | undefined;
  readonly procMount: string | undefined;
  readonly capabilities: CapabilitiesView | undefined;
}

export interface PodSecurityContextView extends SecurityContextView {
  /** sysctls[*].name, with their index. */
  readonly sysctls: readonly IndexedString[];
}

export interface HostPortView {
  readonly hostPort: number;
  /** Index in `ports`. */
  readonly index: number;
  /** hostPort was not set: the API server defaults it to containerPort because of hostNetwork. */
  readonly defaulted: boolean;
}

/** A non-empty host of a probe or lifecycle handler (e.g. livenessProbe.httpGet.host). */
export interface HandlerHostView {
  readonly host: string;
  /** Path from the container: ['livenessProbe', 'httpGet', 'host']. */
  readonly subPath: JsonPath;
}

export interface ContainerView {
  readonly kind: ContainerKind;
  readonly index: number;
  /** The container's name; "" when absent (as Go decodes it; validation would reject it). */
  readonly name: string;
  /** [...specPath, kind, index]. */
  readonly path: JsonPath;
  readonly securityContext: ContainerSecurityContextView | undefined;
  /** Every port that sets hostPort (including 0, which is allowed). */
  readonly hostPorts: readonly HostPortView[];
  readonly handlerHosts: readonly HandlerHostView[];
}

export interface VolumeView {
  readonly name: string;
  readonly index: number;
  /** The known volume source fields present on the volume (usually one), in document order. */
  readonly sources: readonly string[];
  /** hostPath.path, for messages. */
  readonly hostPathPath: string | undefined;
}

export interface PodView {
  /** Where the pod's metadata and spec are in the object the paths refer to (['metadata'], ['spec'] for a Pod). */
  readonly metadataPath: JsonPath;
  readonly specPath: JsonPath;
  readonly annotations: ReadonlyMap<string, string>;
  readonly hostNetwork: boolean;
  readonly hostPID: boolean;
  readonly hostIPC: boolean;
  readonly hostUsers: boolean | undefined;
  /** spec.os.name; undefined when spec.os is absent. */
  readonly osName: string | undefined;
  readonly securityContext: PodSecurityContextView | undefined;
  readonly volumes: readonly VolumeView[];
  /** Every container in visiting order: init, regular, ephemeral. */
  readonly containers: readonly ContainerView[];
  readonly problems: readonly FieldProblem[];
}

/** Volume source fields of core/v1 Volume (VolumeSource), as JSON names. */
export const VOLUME_SOURCES: ReadonlySet<string> = new Set([
  'hostPath',
  'emptyDir',
  'gcePersistentDisk',
  'awsElasticBlockStore',
  'gitRepo',
  'secret',
  'nfs',
  'iscsi',
  'glusterfs',
  'persistentVolumeClaim',
  'rbd',
  'flexVolume',
  'cinder',
  'cephfs',
  'flocker',
  'downwardAPI',
  'fc',
  'azureFile',
  'configMap',
  'vsphereVolume',
  'quobyte',
  'azureDisk',
  'photonPersistentDisk',
  'projected',
  'portworxVolume',
  'scaleIO',
  'storageos',
  'csi',
  'ephemeral',
  'image',
]);

export const SECCOMP_POD_ANNOTATION = 'seccomp.security.alpha.kubernetes.io/pod';
export const SECCOMP_CONTAINER_ANNOTATION_PREFIX = 'container.seccomp.security.alpha.kubernetes.io/';

/** seccompFieldForAnnotation: the field type the API server derives from an annotation value. */
function seccompTypeForAnnotation(value: string): string | undefined {
  if (value === 'unconfined') return 'Unconfined';
  if (value === 'runtime/default' || value === 'docker/default') return 'RuntimeDefault';
  if (value.startsWith('localhost/') && value.length > 'localhost/'.length) return 'Localhost';
  return undefined;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'] as const;
const LIFECYCLE_HANDLERS = ['postStart', 'preStop'] as const;
const HANDLER_ACTIONS = ['httpGet', 'tcpSocket'] as const;
const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  switch (typeof v) {
    case 'string':
      return 'a string';
    case 'number':
      return Number.isInteger(v) ? 'an integer' : 'a number';
    case 'boolean':
      return 'a boolean';
    case 'object':
      return 'an object';
    default:
      return typeof v;
  }
}

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * A field of a decoded object. Every key the decoder reads is a constant that
 * Object.prototype does not define, so a plain read only ever sees own properties
 * (`__proto__` or `constructor` in the input are ordinary keys we never read); the
 * only dynamic keys (annotations) are read with Object.keys.
 */
function own(o: Obj, key: string): unknown {
  return o[key];
}

/** Reads fields of hostile JSON with Go's decoding rules, collecting the fields it had to drop. */
class Decoder {
  readonly problems: FieldProblem[] = [];

  private wrong(at: JsonPath, key: string | number, expected: string, found: unknown): undefined {
    this.problems.push({ path: [...at, key], expected, found: jsonType(found) });
    return undefined;
  }

  bool(o: Obj, key: string, at: JsonPath): boolean | undefined {
    const v = own(o, key);
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'boolean') return v;
    return this.wrong(at, key, 'a boolean', v);
  }

  int(o: Obj, key: string, at: JsonPath, min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER) {
    const v = own(o, key);
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max) return v === 0 ? 0 : v;
    return this.wrong(at, key, 'an integer', v);
  }

  str(o: Obj, key: string, at: JsonPath): string | undefined {
    const v = own(o, key);
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'string') return v;
    return this.wrong(at, key, 'a string', v);
  }

  obj(o: Obj, key: string, at: JsonPath): Obj | undefined {
    const v = own(o, key);
    if (v === undefined || v === null) return undefined;
    if (isObj(v)) return v;
    return this.wrong(at, key, 'an object', v);
  }

  /** The pod's metadata or spec: absent is empty; anything but an object is a problem. */
  root(v: unknown, at: JsonPath): Obj {
    if (isObj(v)) return v;
    if (v !== undefined && v !== null) {
      this.problems.push({ path: at, expected: 'an object', found: jsonType(v) });
    }
    return {};
  }

  /** An item of a list of objects; `at` is the list's path. A null item is skipped too. */
  item(list: readonly unknown[], index: number, at: JsonPath): Obj | undefined {
    const v = list[index];
    if (isObj(v)) return v;
    return this.wrong(at, index, 'an object', v);
  }

  list(o: Obj, key: string, at: JsonPath): readonly unknown[] {
    const v = own(o, key);
    if (v === undefined || v === null) return [];
    if (Array.isArray(v)) return v;
    this.wrong(at, key, 'a list', v);
    return [];
  }

  strings(o: Obj, key: string, at: JsonPath): IndexedString[] {
    const items = this.list(o, key, at);
    const out: IndexedString[] = [];
    for (let i = 0; i < items.length; i++) {
      const v = items[i];
      if (typeof v === 'string') out.push({ value: v, index: i });
      else this.wrong([...at, key], i, 'a string', v);
    }
    return out;
  }

  /** map[string]string: entries whose value is not a string are dropped. */
  stringMap(o: Obj, key: string, at: JsonPath): Map<string, string> {
    const out = new Map<string, string>();
    const v = own(o, key);
    if (v === undefined || v === null) return out;
    if (!isObj(v)) {
      this.wrong(at, key, 'a map of strings', v);
      return out;
    }
    for (const k of Object.keys(v)) {
      const val = v[k];
      if (typeof val === 'string') out.set(k, val);
      else this.wrong([...at, key], k, 'a string', val);
    }
    return out;
  }

  profile(o: Obj, key: string, at: JsonPath): ProfileView | undefined {
    const p = this.obj(o, key, at);
    if (!p) return undefined;
    return { type: this.str(p, 'type', [...at, key]) ?? '' };
  }

  seLinux(o: Obj, at: JsonPath): SELinuxView | undefined {
    const s = this.obj(o, 'seLinuxOptions', at);
    if (!s) return undefined;
    const here = [...at, 'seLinuxOptions'];
    return {
      type: this.str(s, 'type', here) ?? '',
      user: this.str(s, 'user', here) ?? '',
      role: this.str(s, 'role', here) ?? '',
    };
  }

  hostProcess(o: Obj, at: JsonPath): boolean | undefined {
    const w = this.obj(o, 'windowsOptions', at);
    return w ? this.bool(w, 'hostProcess', [...at, 'windowsOptions']) : undefined;
  }

  podSecurityContext(spec: Obj, at: JsonPath): PodSecurityContextView | undefined {
    const sc = this.obj(spec, 'securityContext', at);
    if (!sc) return undefined;
    const here: JsonPath = [...at, 'securityContext'];
    const sysctls: IndexedString[] = [];
    const items = this.list(sc, 'sysctls', here);
    for (let i = 0; i < items.length; i++) {
      const s = this.item(items, i, [...here, 'sysctls']);
      if (s) sysctls.push({ value: this.str(s, 'name', [...here, 'sysctls', i]) ?? '', index: i });
    }
    return {
      runAsNonRoot: this.bool(sc, 'runAsNonRoot', here),
      runAsUser: this.int(sc, 'runAsUser', here),
      seLinuxOptions: this.seLinux(sc, here),
      seccompProfile: this.profile(sc, 'seccompProfile', here),
      appArmorProfile: this.profile(sc, 'appArmorProfile', here),
      hostProcess: this.hostProcess(sc, here),
      sysctls,
    };
  }

  containerSecurityContext(c: Obj, at: JsonPath): ContainerSecurityContextView | undefined {
    const sc = this.obj(c, 'securityContext', at);
    if (!sc) return undefined;
    const here = [...at, 'securityContext'];
    const capsObj = this.obj(sc, 'capabilities', here);
    let capabilities: CapabilitiesView | undefined;
    if (capsObj) {
      const capsAt = [...here, 'capabilities'];
      capabilities = {
        add: this.strings(capsObj, 'add', capsAt),
        drop: this.strings(capsObj, 'drop', capsAt),
      };
    }
    return {
      privileged: this.bool(sc, 'privileged', here),
      allowPrivilegeEscalation: this.bool(sc, 'allowPrivilegeEscalation', here),
      runAsNonRoot: this.bool(sc, 'runAsNonRoot', here),
      runAsUser: this.int(sc, 'runAsUser', here),
      procMount: this.str(sc, 'procMount', here),
      capabilities,
      seLinuxOptions: this.seLinux(sc, here),
      seccompProfile: this.profile(sc, 'seccompProfile', here),
      appArmorProfile: this.profile(sc, 'appArmorProfile', here),
      hostProcess: this.hostProcess(sc, here),
    };
  }

  handlerHosts(c: Obj, at: JsonPath): HandlerHostView[] {
    const out: HandlerHostView[] = [];
    // Paths are only built for handlers that exist: most containers have probes without host.
    const collect = (handler: Obj, handlerPath: JsonPath) => {
      for (const action of HANDLER_ACTIONS) {
        const raw = handler[action];
        if (raw === undefined || raw === null) continue;
        const a = this.obj(handler, action, [...at, ...handlerPath]);
        if (!a) continue;
        const rawHost = a.host;
        if (rawHost === undefined || rawHost === null || rawHost === '') continue;
        const host = this.str(a, 'host', [...at, ...handlerPath, action]);
        if (host) out.push({ host, subPath: [...handlerPath, action, 'host'] });
      }
    };
    for (const probe of PROBES) {
      if (c[probe] === undefined) continue;
      const p = this.obj(c, probe, at);
      if (p) collect(p, [probe]);
    }
    if (c.lifecycle !== undefined) {
      const lifecycle = this.obj(c, 'lifecycle', at);
      if (lifecycle) {
        for (const h of LIFECYCLE_HANDLERS) {
          if (lifecycle[h] === undefined) continue;
          const handler = this.obj(lifecycle, h, [...at, 'lifecycle']);
          if (handler) collect(handler, ['lifecycle', h]);
        }
      }
    }
    return out;
  }

  container(
    c: Obj,
    specPath: JsonPath,
    kind: ContainerKind,
    index: number,
    hostNetwork: boolean,
  ): ContainerView {
    const path: JsonPath = [...specPath, kind, index];
    const hostPorts: HostPortView[] = [];
    const ports = this.list(c, 'ports', path);
    const defaultsHostPort = hostNetwork && kind !== 'ephemeralContainers';
    for (let i = 0; i < ports.length; i++) {
      const p = this.item(ports, i, [...path, 'ports']);
      if (!p) continue;
      const at = [...path, 'ports', i];
      const hostPort = this.int(p, 'hostPort', at, INT32_MIN, INT32_MAX);
      const containerPort = this.int(p, 'containerPort', at, INT32_MIN, INT32_MAX);
      if (defaultsHostPort && !hostPort && containerPort)
        hostPorts.push({ hostPort: containerPort, index: i, defaulted: true });
      else if (hostPort !== undefined) hostPorts.push({ hostPort, index: i, defaulted: false });
    }
    return {
      kind,
      index,
      name: this.str(c, 'name', path) ?? '',
      path,
      securityContext: this.containerSecurityContext(c, path),
      hostPorts,
      handlerHosts: this.handlerHosts(c, path),
    };
  }

  volume(v: Obj, specPath: JsonPath, index: number): VolumeView {
    const path: JsonPath = [...specPath, 'volumes', index];
    const sources: string[] = [];
    let hostPathPath: string | undefined;
    for (const key of Object.keys(v)) {
      if (!VOLUME_SOURCES.has(key)) continue;
      const source = this.obj(v, key, path);
      if (!source) continue;
      sources.push(key);
      if (key === 'hostPath') hostPathPath = this.str(source, 'path', [...path, 'hostPath']);
    }
    // SetDefaults_Volume: a volume with no source is an emptyDir.
    if (sources.length === 0) sources.push('emptyDir');
    return { name: this.str(v, 'name', path) ?? '', index, sources, hostPathPath };
  }
}

/** Where a pod's metadata and spec are: for a Pod ['metadata'] and ['spec']; for a workload, its template's. */
export interface PodRoots {
  metadata: JsonPath;
  spec: JsonPath;
}

const POD_ROOTS: PodRoots = { metadata: ['metadata'], spec: ['spec'] };

/**
 * Decodes a pod's metadata and spec. Never throws; anything that is not an object is
 * an empty pod (with a problem recorded). Paths start at `roots` (a Pod's by default).
 */
export function decodePod(metadata: unknown, spec: unknown, roots: PodRoots = POD_ROOTS): PodView {
  const d = new Decoder();
  const M = roots.metadata;
  const S = roots.spec;
  const meta = d.root(metadata, M);
  const s = d.root(spec, S);
  const annotations = d.stringMap(meta, 'annotations', M);
  const os = d.obj(s, 'os', S);
  const volumes: VolumeView[] = [];
  const rawVolumes = d.list(s, 'volumes', S);
  if (rawVolumes.length > 0) {
    const at = [...S, 'volumes'];
    for (let i = 0; i < rawVolumes.length; i++) {
      const v = d.item(rawVolumes, i, at);
      if (v) volumes.push(d.volume(v, S, i));
    }
  }
  const hostNetwork = d.bool(s, 'hostNetwork', S) ?? false;
  const containers: ContainerView[] = [];
  for (const kind of VISIT_ORDER) {
    const list = d.list(s, kind, S);
    for (let i = 0; i < list.length; i++) {
      const c = d.item(list, i, [...S, kind]);
      if (c) containers.push(d.container(c, S, kind, i, hostNetwork));
    }
  }
  const pod: Mutable<PodView> = {
    metadataPath: M,
    specPath: S,
    annotations,
    hostNetwork,
    hostPID: d.bool(s, 'hostPID', S) ?? false,
    hostIPC: d.bool(s, 'hostIPC', S) ?? false,
    hostUsers: d.bool(s, 'hostUsers', S),
    osName: os ? (d.str(os, 'name', [...S, 'os']) ?? '') : undefined,
    securityContext: d.podSecurityContext(s, S),
    volumes,
    containers,
    problems: d.problems,
  };
  if (annotations.size > 0) applySeccompVersionSkew(pod);
  return pod;
}

const EMPTY_SECURITY_CONTEXT: SecurityContextView = {
  runAsNonRoot: undefined,
  runAsUser: undefined,
  seLinuxOptions: undefined,
  seccompProfile: undefined,
  appArmorProfile: undefined,
  hostProcess: undefined,
};

/** Copies seccomp annotations to absent seccompProfile fields, as the API server does for pods. */
function applySeccompVersionSkew(pod: Mutable<PodView>): void {
  const fromAnnotation = (key: string): ProfileView | undefined => {
    const value = pod.annotations.get(key);
    const type = value === undefined ? undefined : seccompTypeForAnnotation(value);
    return type === undefined ? undefined : { type, fromAnnotation: key };
  };
  if (!pod.securityContext?.seccompProfile) {
    const profile = fromAnnotation(SECCOMP_POD_ANNOTATION);
    if (profile) {
      pod.securityContext = {
        ...EMPTY_SECURITY_CONTEXT,
        sysctls: [],
        ...pod.securityContext,
        seccompProfile: profile,
      };
    }
  }
  pod.containers = pod.containers.map((c) => {
    if (c.securityContext?.seccompProfile) return c;
    const profile = fromAnnotation(SECCOMP_CONTAINER_ANNOTATION_PREFIX + c.name);
    if (!profile) return c;
    const base: ContainerSecurityContextView = c.securityContext ?? {
      ...EMPTY_SECURITY_CONTEXT,
      privileged: undefined,
      allowPrivilegeEscalation: undefined,
      procMount: undefined,
      capabilities: undefined,
    };
    return { ...c, securityContext: { ...base, seccompProfile: profile } };
  });
}
