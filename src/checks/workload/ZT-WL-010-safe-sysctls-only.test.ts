import { testCheck } from '../../../test/support/check-tester.js';
import check from './ZT-WL-010-safe-sysctls-only.js';

const lowat = (name: string) =>
  `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\nspec:\n  securityContext:\n    sysctls:\n      - name: net.ipv4.tcp_notsent_lowat\n        value: "16384"\n  containers:\n    - name: app\n      image: nginx:1.27\n`;

testCheck(check, {
  valid: [
    {
      name: 'sysctls of the v1.0 safe set',
      yaml: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  securityContext:\n    sysctls:\n      - name: kernel.shm_rmid_forced\n        value: "1"\n      - name: net.ipv4.ping_group_range\n        value: "0 1000"\n  containers:\n    - name: app\n      image: nginx:1.27\n',
    },
    { name: 'net.ipv4.tcp_notsent_lowat is safe from v1.37', yaml: lowat('v137') },
  ],
  invalid: [
    {
      name: 'an unsafe sysctl among safe ones',
      yaml: [
        'apiVersion: v1',
        'kind: Pod',
        'metadata:',
        '  name: web',
        'spec:',
        '  securityContext:',
        '    sysctls:',
        '      - name: net.ipv4.tcp_syncookies',
        '        value: "1"',
        '      - name: kernel.msgmax',
        '        value: "65536"',
        '  containers:',
        '    - name: app',
        '      image: nginx:1.27',
        '',
      ].join('\n'),
      findings: [
        {
          path: 'spec.securityContext.sysctls[1].name',
          line: 10,
          message:
            'pod sets sysctl "kernel.msgmax", which is not in the safe set; allowed: kernel.shm_rmid_forced, net.ipv4.ip_local_port_range, net.ipv4.tcp_syncookies, net.ipv4.ping_group_range, net.ipv4.ip_unprivileged_port_start, net.ipv4.ip_local_reserved_ports, net.ipv4.tcp_keepalive_time, net.ipv4.tcp_fin_timeout, net.ipv4.tcp_keepalive_intvl, net.ipv4.tcp_keepalive_probes, net.ipv4.tcp_rmem, net.ipv4.tcp_wmem, net.ipv4.tcp_slow_start_after_idle, net.ipv4.tcp_notsent_lowat',
        },
      ],
    },
    {
      name: 'net.ipv4.tcp_notsent_lowat is not safe before v1.37',
      options: { pss: { level: 'baseline', version: 'v1.36' } },
      yaml: lowat('v136'),
      findings: [{ path: 'spec.securityContext.sysctls[0].name', line: 8 }],
    },
  ],
});
