import { describe, expect, it } from 'vitest';
import { inventoryFromYaml } from '../input/load.js';
import { internalLoadBalancer, isWholeInternet, loadBalancerSourceRanges } from './service-exposure.js';

const svc = (annotations: string, spec = '') =>
  inventoryFromYaml(
    `apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n${annotations ? `  annotations:\n${annotations}` : ''}spec:\n  type: LoadBalancer\n${spec}`,
  ).inventory.resources[0]!;

describe('loadBalancerSourceRanges (GetLoadBalancerSourceRanges)', () => {
  it('field, then annotation, then 0.0.0.0/0', () => {
    expect(loadBalancerSourceRanges(svc('', '  loadBalancerSourceRanges: [" 10.0.0.0/8"]\n'))).toMatchObject({
      ranges: ['10.0.0.0/8'],
      from: 'field',
    });
    expect(
      loadBalancerSourceRanges(
        svc('    service.beta.kubernetes.io/load-balancer-source-ranges: "1.2.3.0/24, 5.6.7.8/32"\n'),
      ),
    ).toMatchObject({ ranges: ['1.2.3.0/24', '5.6.7.8/32'], from: 'annotation' });
    expect(
      loadBalancerSourceRanges(svc('    service.beta.kubernetes.io/load-balancer-source-ranges: "  "\n')),
    ).toMatchObject({
      ranges: ['0.0.0.0/0'],
      from: 'default',
    });
  });
});

describe('isWholeInternet', () => {
  it.each([
    ['0.0.0.0/0', true],
    ['::/0', true],
    [' 0.0.0.0/00 ', true],
    ['10.0.0.0/0', true],
    ['0.0.0.0/1', false],
    ['0.0.0.0/10', false],
    ['10.0.0.0/8', false],
  ])('%s: %s', (cidr, expected) => expect(isWholeInternet(cidr)).toBe(expected));
});

describe('internalLoadBalancer', () => {
  it.each([
    ['    service.beta.kubernetes.io/aws-load-balancer-internal: "true"\n', true],
    ['    service.beta.kubernetes.io/aws-load-balancer-internal: "false"\n', false],
    ['    service.beta.kubernetes.io/aws-load-balancer-scheme: internal\n', true],
    ['    service.beta.kubernetes.io/aws-load-balancer-type: nlb-ip\n', true],
    [
      '    service.beta.kubernetes.io/aws-load-balancer-type: external\n    service.beta.kubernetes.io/aws-load-balancer-scheme: internet-facing\n',
      false,
    ],
    ['    service.beta.kubernetes.io/aws-load-balancer-type: nlb\n', false],
    ['    networking.gke.io/load-balancer-type: Internal\n', true],
    ['    networking.gke.io/load-balancer-type: External\n', false],
    ['    service.beta.kubernetes.io/azure-load-balancer-internal: "false"\n', false],
    ['    service.kubernetes.io/ibm-load-balancer-cloud-provider-ip-type: private\n', true],
    ['', false],
  ])('%j → internal %s', (annotations, internal) => {
    expect(internalLoadBalancer(svc(annotations)) !== undefined).toBe(internal);
  });
});
