/** A webhook's failure streak (contract 3.7), as stored on the webhook. */
export interface HealthState {
  enabled: boolean;
  consecutiveFailures: number;
  failingSince: Date | null;
  lastSuccessAt: Date | null;
  lastFailureAt: Date | null;
  failingNotified: boolean;
}

export interface AttemptResult {
  succeeded: boolean;
  at: Date;
  /** The receiver answered 410 Gone: it says the endpoint is gone for good. */
  gone: boolean;
  /** The attempt's (non-test) delivery ended FAILED with it. */
  deliveryFailed: boolean;
  error: string | null;
}

export type HealthNotice =
  | { kind: 'recovered'; failingSince: Date; recoveredAt: Date }
  | { kind: 'failing'; failingSince: Date; disableAt: Date; lastError: string | null }
  | { kind: 'disabled'; reason: string; failingSince: Date | null; disabledAt: Date };

/**
 * One attempt's effect on its webhook's health: one success resets the streak (and, after a
 * `webhook.failing`, says `recovered`); the first delivery that ends FAILED in a streak says
 * `failing`; a delivery that ends FAILED after WEBHOOK_DISABLE_AFTER of failure, or a 410, disables.
 */
export function afterAttempt(
  state: HealthState,
  result: AttemptResult,
  disableAfterMs: number,
): { state: HealthState; notices: HealthNotice[] } {
  if (result.succeeded) {
    const notices: HealthNotice[] =
      state.failingNotified && state.failingSince
        ? [{ kind: 'recovered', failingSince: state.failingSince, recoveredAt: result.at }]
        : [];
    return {
      state: { ...state, consecutiveFailures: 0, failingSince: null, lastSuccessAt: result.at, failingNotified: false },
      notices,
    };
  }
  const failingSince = state.failingSince ?? result.at;
  const next: HealthState = {
    ...state,
    consecutiveFailures: state.consecutiveFailures + 1,
    failingSince,
    lastFailureAt: result.at,
  };
  if (!state.enabled) return { state: next, notices: [] };
  const notices: HealthNotice[] = [];
  if (result.gone) {
    notices.push({
      kind: 'disabled',
      reason: `Disabled at ${result.at.toISOString()}: the receiver answered 410 Gone.`,
      failingSince,
      disabledAt: result.at,
    });
    return { state: { ...next, enabled: false }, notices };
  }
  if (!result.deliveryFailed) return { state: next, notices };
  const disableAt = new Date(failingSince.getTime() + disableAfterMs);
  if (!state.failingNotified) {
    notices.push({ kind: 'failing', failingSince, disableAt, lastError: result.error });
    next.failingNotified = true;
  }
  if (result.at >= disableAt) {
    notices.push({
      kind: 'disabled',
      reason: `Disabled at ${result.at.toISOString()}: deliveries have failed since ${failingSince.toISOString()}.`,
      failingSince,
      disabledAt: result.at,
    });
    next.enabled = false;
  }
  return { state: next, notices };
}

/** When the webhook will be disabled if nothing succeeds before then. */
export function disableAtOf(state: Pick<HealthState, 'failingSince' | 'enabled'>, disableAfterMs: number): Date | null {
  return state.enabled && state.failingSince ? new Date(state.failingSince.getTime() + disableAfterMs) : null;
}

/** Duration histogram bounds (ms) of the hourly stats; the last bucket is everything above. */
export const DURATION_BOUNDS_MS = [10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10_000];

export function durationBucket(durationMs: number): number {
  const index = DURATION_BOUNDS_MS.findIndex((bound) => durationMs <= bound);
  return index === -1 ? DURATION_BOUNDS_MS.length : index;
}

/** A quantile from summed histograms: the upper bound of the bucket it falls in. */
export function histogramQuantile(counts: readonly number[], q: number): number | null {
  const total = counts.reduce((a, b) => a + b, 0);
  if (total === 0) return null;
  let seen = 0;
  for (const [i, count] of counts.entries()) {
    seen += count;
    if (seen >= q * total) return DURATION_BOUNDS_MS[i] ?? DURATION_BOUNDS_MS[DURATION_BOUNDS_MS.length - 1] * 2;
  }
  return null;
}
