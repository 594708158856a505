import type { Transaction } from '../db/client.ts';

/** One automatic delivery attempt to make; `attempt` is its 1-based place in the retry schedule. */
export interface DeliveryJob {
  deliveryId: string;
  attempt: number;
  startAfter?: Date;
}

/** Where domain code puts delivery work, inside the caller's transaction (implemented in jobs/). */
export interface DeliveryQueue {
  enqueue(tx: Transaction, jobs: DeliveryJob[]): Promise<void>;
}
