import { testCheck } from '../../../test/support/check-tester.js';
import check from './ZT-WL-021-no-container-runtime-socket.js';

testCheck(check, {
  valid: [
    {
      name: 'host directories that hold no runtime socket',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: logs}
spec:
  containers:
    - name: shipper
      image: fluent-bit:3.1
      volumeMounts:
        - {name: a, mountPath: /a}
        - {name: b, mountPath: /b}
  volumes:
    - {name: a, hostPath: {path: /var/log}}
    - {name: b, hostPath: {path: /var/lib/docker/containers}}
    - {name: c, hostPath: {path: /run/docker.sock.d}}
    - {name: d, hostPath: {path: /var/run/dockerd}}
    - {name: e, hostPath: {path: /var/lib/kubelet/device-plugins/kubelet.sock}}
    - {name: f, emptyDir: {}}
`,
    },
    {
      name: 'wrong types never crash',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: odd}
spec:
  containers: [{name: c, image: x:1, volumeMounts: "nope"}]
  volumes:
    - {name: a, hostPath: "x"}
    - {name: b, hostPath: {path: 5}}
    - {name: c, hostPath: {path: ""}}
    - 7
`,
    },
  ],
  invalid: [
    {
      name: 'the Docker socket, mounted by one container',
      yaml: `apiVersion: v1
kind: Pod
metadata:
  name: agent
spec:
  containers:
    - name: agent
      image: agent:1.0
      volumeMounts:
        - {name: docker, mountPath: /var/run/docker.sock}
  volumes:
    - name: docker
      hostPath:
        path: /var/run/docker.sock
`,
      findings: [
        {
          path: 'spec.volumes[0].hostPath.path',
          line: 14,
          message:
            'hostPath volume "docker" at /var/run/docker.sock is the Docker socket, which gives root on the node (mounted by container "agent")',
        },
      ],
    },
    {
      name: 'odd spellings are normalised; unmounted volumes are still reported',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: agent}
spec:
  containers:
    - {name: agent, image: agent:1.0}
  volumes:
    - {name: a, hostPath: {path: "/var/run/../run/docker.sock/"}}
    - {name: b, hostPath: {path: "//run//containerd//containerd.sock"}}
`,
      findings: [
        {
          path: 'spec.volumes[0].hostPath.path',
          line: 8,
          message:
            'hostPath volume "a" at /var/run/../run/docker.sock/ (/var/run/docker.sock) is the Docker socket, which gives root on the node (no container mounts it yet, but an ephemeral container can)',
        },
        {
          path: 'spec.volumes[1].hostPath.path',
          line: 9,
          message:
            'hostPath volume "b" at //run//containerd//containerd.sock (/run/containerd/containerd.sock) is the containerd socket, which gives root on the node (no container mounts it yet, but an ephemeral container can)',
        },
      ],
    },
    {
      name: 'directories that contain sockets, mounted by several containers (init included)',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: agent}
spec:
  initContainers:
    - name: setup
      image: agent:1.0
      volumeMounts: [{name: run, mountPath: /host/run}]
  containers:
    - name: agent
      image: agent:1.0
      volumeMounts:
        - {name: run, mountPath: /host/run}
        - {name: containerd, mountPath: /c}
        - {name: root, mountPath: /host, subPath: etc}
        - {name: crio, mountPath: /crio}
  volumes:
    - {name: run, hostPath: {path: /var/run}}
    - {name: containerd, hostPath: {path: /run/containerd/}}
    - {name: root, hostPath: {path: /}}
    - {name: crio, hostPath: {path: /var/run/crio, type: Directory}}
`,
      findings: [
        {
          path: 'spec.volumes[0].hostPath.path',
          line: 18,
          message:
            'hostPath volume "run" at /var/run contains the sockets of Docker, containerd, CRI-O, cri-dockerd, dockershim, Podman, containerd (k3s/RKE2), containerd (Docker), which gives root on the node (mounted by containers "setup" and "agent")',
        },
        {
          path: 'spec.volumes[1].hostPath.path',
          line: 19,
          message:
            'hostPath volume "containerd" at /run/containerd/ (/run/containerd) contains the containerd socket /run/containerd/containerd.sock, which gives root on the node (mounted by container "agent")',
        },
        {
          path: 'spec.volumes[2].hostPath.path',
          line: 20,
          message:
            /^hostPath volume "root" at \/ contains the sockets of Docker, .*containerd \(MicroK8s\), which gives root on the node \(mounted by container "agent"\)$/,
        },
        {
          path: 'spec.volumes[3].hostPath.path',
          line: 21,
          message:
            'hostPath volume "crio" at /var/run/crio contains the CRI-O socket /var/run/crio/crio.sock, which gives root on the node (mounted by container "agent")',
        },
      ],
    },
    {
      name: 'a Windows named pipe in either slash style',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: win}
spec:
  os: {name: windows}
  containers:
    - name: agent
      image: agent:1.0
      volumeMounts: [{name: pipe, mountPath: '\\\\.\\pipe\\docker_engine'}]
  volumes:
    - {name: pipe, hostPath: {path: '//./pipe/docker_engine'}}
`,
      findings: [
        {
          path: 'spec.volumes[0].hostPath.path',
          line: 11,
          message:
            'hostPath volume "pipe" at //./pipe/docker_engine (\\\\.\\pipe\\docker_engine) is the Docker socket, which gives root on the node (mounted by container "agent")',
        },
      ],
    },
  ],
});
