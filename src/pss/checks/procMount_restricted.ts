/**
 * procMount_restricted (restricted, v1.35): at restricted, the default /proc masks must
 * stay in place even in a user namespace. Replaces the baseline procMount check.
 * Upstream: policy/check_procMount.go.
 */
import type { PssCheck } from '../types.js';
import { procMountRule } from './procMount.js';

export const procMount_restricted: PssCheck = {
  id: 'procMount_restricted',
  level: 'restricted',
  versions: [{ minimumVersion: 35, check: procMountRule(false), overrides: ['procMount'] }],
};
