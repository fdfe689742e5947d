import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { containsPath, normalizeHostPath, runtimeSocketsUnder } from './host-paths.js';

describe('normalizeHostPath', () => {
  const cases: Array<[string, string | undefined]> = [
    ['/var/run/docker.sock', '/var/run/docker.sock'],
    ['/var/run/docker.sock/', '/var/run/docker.sock'],
    ['//var//run///docker.sock', '/var/run/docker.sock'],
    ['/var/run/./docker.sock', '/var/run/docker.sock'],
    ['/var/run/../run/docker.sock', '/var/run/docker.sock'],
    ['/var/log/../../run/containerd', '/run/containerd'],
    ['/../../run', '/run'],
    ['/', '/'],
    ['//', '/'],
    ['/..', '/'],
    ['run/docker.sock', '/run/docker.sock'],
    ['/Var/Run/docker.sock', '/Var/Run/docker.sock'],
    ['', undefined],
    ['\\\\.\\pipe\\docker_engine', '\\\\.\\pipe\\docker_engine'],
    ['//./pipe/docker_engine', '\\\\.\\pipe\\docker_engine'],
    ['\\\\.\\PIPE\\Docker_Engine\\', '\\\\.\\pipe\\docker_engine'],
  ];
  it.each(cases)('%j → %j', (input, expected) => {
    expect(normalizeHostPath(input)).toBe(expected);
  });

  it('is idempotent and never leaves //, /./, /../ or a trailing slash', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('', '.', '..', 'var', 'run', 'docker.sock', 'a b'), { maxLength: 8 }),
        (segs) => {
          const n = normalizeHostPath(`/${segs.join('/')}`)!;
          expect(normalizeHostPath(n)).toBe(n);
          expect(n).not.toMatch(/\/\/|\/\.\/|\/\.\.(\/|$)|\/\.$/);
          if (n !== '/') expect(n.endsWith('/')).toBe(false);
        },
      ),
    );
  });
});

describe('containsPath', () => {
  const cases: Array<[string, string, boolean]> = [
    ['/run', '/run/docker.sock', true],
    ['/run/docker.sock', '/run/docker.sock', true],
    ['/', '/run/docker.sock', true],
    ['/ru', '/run/docker.sock', false],
    ['/run/docker', '/run/docker.sock', false],
    ['/run/docker.sock', '/run', false],
    ['\\\\.\\pipe', '\\\\.\\pipe\\docker_engine', true],
  ];
  it.each(cases)('%s contains %s: %s', (dir, path, expected) => {
    expect(containsPath(dir, path)).toBe(expected);
  });
});

describe('runtimeSocketsUnder', () => {
  const runtimes = (p: string) => runtimeSocketsUnder(p)?.sockets.map((s) => `${s.runtime} ${s.path}`);
  it('finds the socket itself in every spelling', () => {
    expect(runtimes('/var/run/docker.sock')).toEqual(['Docker /var/run/docker.sock']);
    expect(runtimes('/run/docker.sock/')).toEqual(['Docker /run/docker.sock']);
    expect(runtimes('/var/run/../run/docker.sock')).toEqual(['Docker /var/run/docker.sock']);
    expect(runtimes('//run//containerd//containerd.sock')).toEqual([
      'containerd /run/containerd/containerd.sock',
    ]);
    expect(runtimes('/run/crio/crio.sock')).toEqual(['CRI-O /run/crio/crio.sock']);
    expect(runtimes('//./pipe/docker_engine')).toEqual(['Docker \\\\.\\pipe\\docker_engine']);
  });
  it('finds sockets inside a mounted directory', () => {
    expect(runtimes('/run/containerd')).toEqual([
      'containerd /run/containerd/containerd.sock',
      'containerd /run/containerd/containerd.sock.ttrpc',
    ]);
    expect(runtimes('/var/run/crio/')).toEqual(['CRI-O /var/run/crio/crio.sock']);
    expect(runtimes('/var/run/docker')).toEqual([
      'containerd (Docker) /var/run/docker/containerd/containerd.sock',
      'containerd (Docker) /var/run/docker/containerd/docker-containerd.sock',
    ]);
    expect(runtimeSocketsUnder('/run')?.sockets.length).toBe(10);
    expect(runtimeSocketsUnder('/var')?.sockets.length).toBe(11);
    expect(runtimeSocketsUnder('/')?.sockets.length).toBe(21);
    expect(runtimeSocketsUnder('/var/snap')?.sockets.map((s) => s.runtime)).toEqual([
      'containerd (MicroK8s)',
    ]);
  });
  it('ignores paths that only share a prefix, or lie elsewhere', () => {
    for (const p of [
      '/var/run/dock',
      '/var/run/docker.socket',
      '/var/log',
      '/run/containerd2',
      '/etc',
      '/var/lib/docker',
      '/var/lib/kubelet/device-plugins/kubelet.sock',
      '/run/docker.sock/x',
      '',
      '/RUN/docker.sock',
    ]) {
      expect(runtimeSocketsUnder(p), p).toBeUndefined();
    }
  });
});
