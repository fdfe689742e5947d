/**
 * The JSON types of the fields kzt's analyses read, as the API server's typed decoding
 * enforces them. A manifest that breaks them would be rejected by the cluster; kzt
 * reports each mismatch with its path (ZT-IN-003) and the analyses treat the field as
 * absent, so no check is fooled by `privileged: "true"` or `containers: "x"`.
 */
import { isRecord, type JsonPath } from './types.js';

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

/** Fields whose value is null are treated as absent, as the API server's decoder does. */
export function checkShape(value: unknown, shape: Shape, path: JsonPath, out: ShapeMismatch[]): void {
  if (value === null || value === undefined) return;
  if (typeof shape === 'string') {
    const ok =
      shape === 'string'
        ? typeof value === 'string'
        : shape === 'boolean'
          ? typeof value === 'boolean'
          : shape === 'integer'
            ? typeof value === 'number' && Number.isInteger(value)
            : shape === 'object'
              ? isRecord(value)
              : shape === 'array'
                ? Array.isArray(value)
                : shape === 'int-or-string'
                  ? typeof value === 'string' || (typeof value === 'number' && Number.isInteger(value))
                  : isRecord(value) && Object.values(value).every((v) => typeof v === 'string');
    if (!ok) {
      if (shape === 'string-map' && isRecord(value)) {
        for (const [k, v] of Object.entries(value)) {
          if (typeof v !== 'string')
            out.push({ path: [...path, k], expected: 'a string', found: describe(v) });
        }
        return;
      }
      out.push({ path, expected: EXPECTED[shape], found: describe(value) });
    }
    return;
  }
  if ('array' in shape) {
    if (!Array.isArray(value)) {
      out.push({ path, expected: 'a list', found: describe(value) });
      return;
    }
    value.forEach((item, i) => {
      checkShape(item, shape.array, [...path, i], out);
    });
    return;
  }
  if (!isRecord(value)) {
    out.push({ path, expected: 'an object', found: describe(value) });
    return;
  }
  for (const [key, sub] of Object.entries(shape.object)) {
    if (Object.hasOwn(value, key)) checkShape(value[key], sub, [...path, key], out);
  }
}
