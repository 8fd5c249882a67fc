import type { FraudRule } from '../types';
import { IP_BURST_WINDOW_MINUTES } from './ip-burst';

/** UA_BURST: three or more claims with the identical user agent from one network within the burst window (a script). */
export const uaBurst: FraudRule = {
  code: 'UA_BURST',
  weight: 150,
  params: { minClaims: 3, windowMinutes: IP_BURST_WINDOW_MINUTES },
  check(f) {
    if (f.uaWindowN < 3) return null;
    return { code: 'UA_BURST', weight: 150, evidence: `${f.uaWindowN} claims with the identical browser signature from one network within ${IP_BURST_WINDOW_MINUTES} minutes` };
  },
};
