/**
 * Host paths: normalisation and the container-runtime sockets a hostPath exposes.
 *
 * A hostPath is compared after lexical normalisation (`//` → `/`, `.` removed, `..`
 * resolved without going above `/`, trailing `/` removed; a relative path is taken from
 * `/`, the kubelet's working directory). `/var/run` is a symlink to `/run` on every
 * current distribution, so both spellings of a socket are known. A hostPath exposes a
 * socket when it is the socket itself or a directory that contains it (`/run`, `/var`,
 * `/`): the whole tree below a hostPath is visible to every container that mounts it.
 *
 * Windows named pipes (`\\.\pipe\docker_engine`, also written `//./pipe/docker_engine`)
 * are compared case-insensitively.
 */

export interface RuntimeSocket {
  /** The runtime, as people name it. */
  readonly runtime: string;
  /** Normalised path of the socket (or named pipe). */
  readonly path: string;
}

/** Canonical locations under /run; the /var/run spelling is added below. */
const RUN_SOCKETS: ReadonlyArray<[string, string]> = [
  ['Docker', '/run/docker.sock'],
  ['containerd', '/run/containerd/containerd.sock'],
  ['containerd', '/run/containerd/containerd.sock.ttrpc'],
  ['CRI-O', '/run/crio/crio.sock'],
  ['cri-dockerd', '/run/cri-dockerd.sock'],
  ['dockershim', '/run/dockershim.sock'],
  ['Podman', '/run/podman/podman.sock'],
  ['containerd (k3s/RKE2)', '/run/k3s/containerd/containerd.sock'],
  ['containerd (Docker)', '/run/docker/containerd/containerd.sock'],
  ['containerd (Docker)', '/run/docker/containerd/docker-containerd.sock'],
];

export const RUNTIME_SOCKETS: readonly RuntimeSocket[] = [
  ...RUN_SOCKETS.map(([runtime, path]) => ({ runtime, path })),
  ...RUN_SOCKETS.map(([runtime, path]) => ({ runtime, path: `/var${path}` })),
  { runtime: 'containerd (MicroK8s)', path: '/var/snap/microk8s/common/run/containerd.sock' },
  { runtime: 'Docker', path: '\\\\.\\pipe\\docker_engine' },
  { runtime: 'containerd', path: '\\\\.\\pipe\\containerd-containerd' },
];

const WINDOWS_PIPE = /^[\\/]{2}\.[\\/]pipe[\\/]/i;

/** True for a Windows named pipe path in either slash style. */
export function isWindowsPipe(p: string): boolean {
  return WINDOWS_PIPE.test(p);
}

/**
 * Lexically normalises a host path. POSIX paths keep their case; Windows named pipes
 * are lower-cased with backslashes. Returns undefined for an empty path.
 */
export function normalizeHostPath(p: string): string | undefined {
  if (p === '') return undefined;
  if (isWindowsPipe(p)) {
    const rest = p
      .slice(9)
      .replace(/[\\/]+/g, '\\')
      .replace(/\\$/, '');
    return `\\\\.\\pipe\\${rest}`.toLowerCase();
  }
  const out: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') out.pop();
    else out.push(seg);
  }
  return `/${out.join('/')}`;
}

/** `dir` is `path` or one of its ancestors (both normalised). */
export function containsPath(dir: string, path: string): boolean {
  if (dir === path) return true;
  if (dir === '/') return path.startsWith('/');
  const sep = dir.startsWith('\\\\') ? '\\' : '/';
  return path.startsWith(dir + sep);
}

export interface SocketExposure {
  /** The normalised hostPath. */
  readonly hostPath: string;
  /** The sockets at or below it. */
  readonly sockets: readonly RuntimeSocket[];
}

/** The runtime sockets a hostPath exposes; undefined when none. */
export function runtimeSocketsUnder(hostPath: string): SocketExposure | undefined {
  const normalized = normalizeHostPath(hostPath);
  if (normalized === undefined) return undefined;
  const sockets = RUNTIME_SOCKETS.filter((s) => containsPath(normalized, s.path));
  return sockets.length === 0 ? undefined : { hostPath: normalized, sockets };
}
