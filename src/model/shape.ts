/**
 * The JSON types of the fields kzt's analyses read, as the API server's typed decoding
 * enforces them. A manifest that breaks them would be rejected by the cluster; kzt
 * reports each mismatch with its path (ZT-IN-003) and the analyses treat the field as
 * absent, so no check is fooled by `privileged: "true"` or `containers: "x"`.
 */
import { isRecord, type JsonPath, type PathSegment } from './types.js';

type Kind = 'string' | 'boolean' | 'integer' | 'object' | 'array' | 'string-map' | 'int-or-string';
type Shape = Kind | { object: Record<string, Shape> } | { array: Shape };

const CAPABILITIES: Shape = { object: { add: { array: 'string' }, drop: { array: 'string' } } };
const SECCOMP: Shape = { object: { type: 'string', localhostProfile: 'string' } };
const SE_LINUX: Shape = { object: { user: 'string', role: 'string', type: 'string', level: 'string' } };
const WINDOWS: Shape = { object: { hostProcess: 'boolean', runAsUserName: 'string' } };
const APPARMOR: Shape = { object: { type: 'string', localhostProfile: 'string' } };

const CONTAINER_SECURITY: Shape = {
  object: {
    privileged: 'boolean',
    allowPrivilegeEscalation: 'boolean',
    readOnlyRootFilesystem: 'boolean',
    runAsNonRoot: 'boolean',
    runAsUser: 'integer',
    runAsGroup: 'integer',
    procMount: 'string',
    capabilities: CAPABILITIES,
    seccompProfile: SECCOMP,
    seLinuxOptions: SE_LINUX,
    windowsOptions: WINDOWS,
    appArmorProfile: APPARMOR,
  },
};

const HANDLER: Shape = {
  object: {
    httpGet: { object: { host: 'string', port: 'int-or-string', path: 'string' } },
    tcpSocket: { object: { host: 'string', port: 'int-or-string' } },
  },
};

const CONTAINER: Shape = {
  object: {
    name: 'string',
    image: 'string',
    imagePullPolicy: 'string',
    securityContext: CONTAINER_SECURITY,
    ports: {
      array: {
        object: { containerPort: 'integer', hostPort: 'integer', name: 'string', protocol: 'string' },
      },
    },
    env: { array: { object: { name: 'string', value: 'string', valueFrom: 'object' } } },
    envFrom: { array: 'object' },
    volumeMounts: {
      array: { object: { name: 'string', mountPath: 'string', readOnly: 'boolean', subPath: 'string' } },
    },
    resources: { object: { limits: 'object', requests: 'object' } },
    livenessProbe: HANDLER,
    readinessProbe: HANDLER,
    startupProbe: HANDLER,
    lifecycle: { object: { postStart: HANDLER, preStop: HANDLER } },
  },
};

export const POD_SPEC_SHAPE: Shape = {
  object: {
    containers: { array: CONTAINER },
    initContainers: { array: CONTAINER },
    ephemeralContainers: { array: CONTAINER },
    hostNetwork: 'boolean',
    hostPID: 'boolean',
    hostIPC: 'boolean',
    hostUsers: 'boolean',
    serviceAccountName: 'string',
    serviceAccount: 'string',
    automountServiceAccountToken: 'boolean',
    os: { object: { name: 'string' } },
    securityContext: {
      object: {
        runAsNonRoot: 'boolean',
        runAsUser: 'integer',
        runAsGroup: 'integer',
        fsGroup: 'integer',
        supplementalGroups: { array: 'integer' },
        sysctls: { array: { object: { name: 'string', value: 'string' } } },
        seccompProfile: SECCOMP,
        seLinuxOptions: SE_LINUX,
        windowsOptions: WINDOWS,
        appArmorProfile: APPARMOR,
      },
    },
    volumes: {
      array: { object: { name: 'string', hostPath: { object: { path: 'string', type: 'string' } } } },
    },
  },
};

export const METADATA_SHAPE: Shape = {
  object: {
    name: 'string',
    namespace: 'string',
    generateName: 'string',
    labels: 'string-map',
    annotations: 'string-map',
  },
};

export interface ShapeMismatch {
  path: JsonPath;
  expected: string;
  found: string;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return 'a string';
  if (typeof v === 'number') return Number.isInteger(v) ? 'an integer' : 'a number';
  return `a ${typeof v}`;
}

const EXPECTED: Record<Kind, string> = {
  string: 'a string',
  boolean: 'true or false',
  integer: 'an integer',
  object: 'an object',
  array: 'a list',
  'string-map': 'a map of strings',
  'int-or-string': 'a port number or name',
};

/**
 * Appends to `out` every field of `value` whose type differs from `shape`. Fields whose
 * value is null are treated as absent, as the API server's decoder does.
 *
 * Runs over every object of every scan, so it walks with one mutable path and copies
 * it only for a mismatch.
 */
export function checkShape(value: unknown, shape: Shape, path: JsonPath, out: ShapeMismatch[]): void {
  walk(value, shape, [...path], out);
}

function typeMatches(value: unknown, kind: Kind): boolean {
  switch (kind) {
    case 'string':
      return typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'object':
      return isRecord(value);
    case 'array':
      return Array.isArray(value);
    case 'int-or-string':
      return typeof value === 'string' || (typeof value === 'number' && Number.isInteger(value));
    case 'string-map':
      if (!isRecord(value)) return false;
      for (const k in value) if (typeof value[k] !== 'string') return false;
      return true;
  }
}

function walk(value: unknown, shape: Shape, path: PathSegment[], out: ShapeMismatch[]): void {
  if (value === null || value === undefined) return;
  if (typeof shape === 'string') {
    if (typeMatches(value, shape)) return;
    if (shape === 'string-map' && isRecord(value)) {
      for (const [k, v] of Object.entries(value)) {
        if (typeof v !== 'string') out.push({ path: [...path, k], expected: 'a string', found: describe(v) });
      }
      return;
    }
    out.push({ path: [...path], expected: EXPECTED[shape], found: describe(value) });
    return;
  }
  if ('array' in shape) {
    if (!Array.isArray(value)) {
      out.push({ path: [...path], expected: 'a list', found: describe(value) });
      return;
    }
    for (let i = 0; i < value.length; i++) {
      path.push(i);
      walk(value[i], shape.array, path, out);
      path.pop();
    }
    return;
  }
  if (!isRecord(value)) {
    out.push({ path: [...path], expected: 'an object', found: describe(value) });
    return;
  }
  // The object's own keys, not the shape's: a manifest sets few of the fields a shape knows.
  const fields = shape.object;
  for (const key of Object.keys(value)) {
    if (!Object.hasOwn(fields, key)) continue;
    path.push(key);
    walk(value[key], fields[key]!, path, out);
    path.pop();
  }
}
