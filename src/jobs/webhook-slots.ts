/** At most `limit` open requests per webhook in this process; the rest wait their turn, in order. */
export class WebhookSlots {
  private readonly open = new Map<string, { count: number; waiting: Array<() => void> }>();
  constructor(private readonly limit: number) {}

  async acquire(webhookId: string): Promise<() => void> {
    const entry = this.open.get(webhookId) ?? { count: 0, waiting: [] };
    this.open.set(webhookId, entry);
    // A freed slot is handed straight to the next waiter, so nobody can slip in between.
    if (entry.count >= this.limit) await new Promise<void>((resolve) => entry.waiting.push(resolve));
    else entry.count++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = entry.waiting.shift();
      if (next) return next();
      entry.count--;
      if (entry.count === 0) this.open.delete(webhookId);
    };
  }
}
