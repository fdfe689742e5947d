/**
 * Observed traffic, normalised from any flow format (Hubble exports, CSV): who opened a
 * connection to whom, on which L4 protocol and destination port, and where in which
 * file the record is. Replies are not flows (the connection's opener is the source).
 */
import type { Labels } from '../../model/selectors.js';
import type { Protocol } from '../ports.js';

/** Cilium's reserved identities that are not pods. */
export type ReservedIdentity = 'world' | 'host' | 'remote-node' | 'kube-apiserver' | 'ingress' | 'unmanaged';

export type FlowEndpoint =
  | {
      readonly kind: 'pod';
      readonly namespace: string;
      /** The owning workload as the flow names it (Hubble `workloads[0]`, a CSV name). */
      readonly workload?: { readonly name: string; readonly kind?: string };
      readonly podName?: string;
      /** Pod labels as the flow reports them, source prefixes (`k8s:`) stripped, namespace labels dropped. */
      readonly labels: Labels;
    }
  | {
      readonly kind: 'ip';
      /** IPv4 range (a single address for Hubble; a CIDR in CSV). */
      readonly first: number;
      readonly last: number;
      /** Cilium's identity for it, when the flow says (world, host, ...). */
      readonly reserved?: ReservedIdentity;
      /** DNS names Hubble saw for the address. */
      readonly names?: readonly string[];
    };

export interface FlowLocation {
  readonly file: string;
  readonly line: number;
}

export interface ObservedFlow {
  readonly src: FlowEndpoint;
  readonly dst: FlowEndpoint;
  readonly protocol: Protocol;
  readonly port: number;
  readonly location: FlowLocation;
}

/** A record that could not be used, with why; the rest of the input is still read. */
export interface FlowProblem extends FlowLocation {
  readonly message: string;
}

export interface FlowParse {
  readonly flows: ObservedFlow[];
  readonly problems: FlowProblem[];
  /** Records read (non-empty lines, CSV data rows). */
  readonly records: number;
  /** Records deliberately not used, by reason ("reply", "dropped", "ICMP", ...). */
  readonly skipped: Record<string, number>;
}

export const FLOW_FORMATS = ['hubble', 'csv'] as const;
export type FlowFormat = (typeof FLOW_FORMATS)[number];
