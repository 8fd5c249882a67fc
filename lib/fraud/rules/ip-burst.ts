import type { FraudRule } from '../types';

/**
 * IP_BURST: many claims from one network (IPv4 /24) within the burst window, or one device on three or
 * more claims. Weak on its own: dorms, offices and shared Wi-Fi are honest; a couple shares a laptop.
 */
export const IP_BURST_WINDOW_MINUTES = 10;
export const ipBurst: FraudRule = {
  code: 'IP_BURST',
  weight: 100,
  params: { minClaims: 5, windowMinutes: IP_BURST_WINDOW_MINUTES, minDevice: 3 },
  neverDenyAlone: true,
  check(f) {
    if (f.ipWindowN >= 5) return { code: 'IP_BURST', weight: 100, evidence: `${f.ipWindowN} claims from one network within ${IP_BURST_WINDOW_MINUTES} minutes` };
    if (f.deviceN >= 3) return { code: 'IP_BURST', weight: 100, evidence: `${f.deviceN} claims from one device` };
    return null;
  },
};
