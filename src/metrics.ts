import { setTimeout as delay } from 'node:timers/promises';
import { usePrometheus } from '@graphql-yoga/plugin-prometheus';
import type { Plugin } from 'graphql-yoga';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { RecordedAttempt } from './domain/deliveries.ts';
import { eventTypes } from './domain/event-types.ts';

/** Webhook delivery jobs waiting, as pg-boss last counted them. */
export interface QueueDepth {
  /** Due now, waiting for a worker. */
  ready: number;
  /** Not due yet: retries and paced attempts. */
  deferred: number;
}

export interface MetricsOptions {
  /** Reads the delivery queue's depth; called on a scrape at most once per `queueDepthMaxAgeMs`. */
  readQueueDepth?: () => Promise<QueueDepth>;
  queueDepthMaxAgeMs?: number;
}

/** A value older than this is dropped rather than shown: a missing series is an alert, a stale one is not. */
const QUEUE_DEPTH_STALE_MS = 60_000;
/** How long a scrape waits for a fresh queue depth before answering with what it has. */
const QUEUE_DEPTH_READ_TIMEOUT_MS = 1000;

/** The process's own metrics (CPU, memory, event loop, GC): one set per process, however many services run in it. */
let processRegistry: Registry | undefined;
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

const knownEventTypes = new Set<string>(eventTypes.map((t) => t.name));

/**
 * One service's Prometheus metrics (contract 6). Each service has its own registry, so two services
 * in one process (tests) count apart; the process's default metrics are shared and served by both.
 */
export class Metrics {
  readonly registry = new Registry();

  private readonly attempts = new Counter({
    name: 'sendook_webhook_attempts_total',
    help: 'Webhook delivery attempts recorded by this process, by outcome, error kind (none on success) and trigger.',
    labelNames: ['outcome', 'error_kind', 'trigger'] as const,
    registers: [this.registry],
  });

  private readonly attemptDuration = new Histogram({
    name: 'sendook_webhook_attempt_duration_seconds',
    help: 'Duration of webhook delivery attempts (the whole exchange), by outcome.',
    labelNames: ['outcome'] as const,
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  private readonly deliveryLag = new Histogram({
    name: 'sendook_webhook_delivery_lag_seconds',
    help: "Time from an event's recording to the start of its delivery's first attempt (test deliveries left out).",
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600],
    registers: [this.registry],
  });

  private readonly events = new Counter({
    name: 'sendook_events_total',
    help: 'Events recorded by this process, by type.',
    labelNames: ['type'] as const,
    registers: [this.registry],
  });

  /** Subscription streams (graphql-ws and SSE) open on this process. */
  readonly liveSubscriptions = new Gauge({
    name: 'sendook_live_subscriptions',
    help: 'GraphQL subscription streams open on this process.',
    registers: [this.registry],
  });

  private readonly queueDepthGauge: Gauge<'state'> = new Gauge({
    name: 'sendook_webhook_queue_depth',
    help: "Webhook delivery jobs waiting, by state: ready (due now) or deferred (retries and paced attempts not yet due). pg-boss's counts, refreshed by its monitor.",
    labelNames: ['state'] as const,
    registers: [this.registry],
    collect: async () => {
      const depth = await this.currentQueueDepth();
      this.queueDepthGauge.reset();
      if (!depth) return;
      this.queueDepthGauge.set({ state: 'ready' }, depth.ready);
      this.queueDepthGauge.set({ state: 'deferred' }, depth.deferred);
    },
  });
  private queueDepth: { value: QueueDepth; at: number } | null = null;
  private queueDepthRead: Promise<void> | null = null;

  constructor(private readonly options: MetricsOptions = {}) {
    // Every type from zero, so that rate() sees the first event of a type.
    for (const type of knownEventTypes) this.events.inc({ type }, 0);
  }

  /** DeliveryDeps.onRecorded: counts committed attempts. */
  readonly attemptsRecorded = (recorded: RecordedAttempt[]): void => {
    for (const { attempt, eventCreatedAt, test } of recorded) {
      const outcome = attempt.succeeded ? 'succeeded' : 'failed';
      this.attempts.inc({
        outcome,
        error_kind: attempt.succeeded ? 'none' : (attempt.errorKind ?? 'other'),
        trigger: attempt.trigger.toLowerCase(),
      });
      this.attemptDuration.observe({ outcome }, attempt.durationMs / 1000);
      if (attempt.number === 1 && !test) {
        // Event and attempt may be stamped by different hosts' clocks.
        this.deliveryLag.observe(Math.max(0, attempt.createdAt.getTime() - eventCreatedAt.getTime()) / 1000);
      }
    }
  };

  /** DeliveryQueue.eventsRecorded: counts events by type. */
  readonly eventsRecorded = (types: readonly string[]): void => {
    for (const type of types) this.events.inc({ type: knownEventTypes.has(type) ? type : 'other' });
  };

  /**
   * yoga's GraphQL metrics in this registry, without unbounded labels: no URL (it holds the query
   * string), no operation name and no error path (both chosen by clients). The summary repeats the
   * duration histogram at a higher cost, so it is left out.
   */
  graphqlPlugin(): Plugin {
    return usePrometheus({
      registry: this.registry,
      endpoint: false,
      labels: { url: false, operationName: false, path: false },
      metrics: { graphql_envelop_request_time_summary: false },
    });
  }

  /** The Prometheus text of this service and of the process. */
  async scrape(): Promise<{ contentType: string; body: string }> {
    const [own, process] = await Promise.all([this.registry.metrics(), processMetrics().metrics()]);
    return { contentType: this.registry.contentType, body: `${own}\n${process}` };
  }

  /** pg-boss's cached counts, re-read at most once per max age and never waited on for long. */
  private async currentQueueDepth(): Promise<QueueDepth | null> {
    const read = this.options.readQueueDepth;
    if (!read) return null;
    const maxAgeMs = this.options.queueDepthMaxAgeMs ?? 5000;
    if (!this.queueDepth || Date.now() - this.queueDepth.at > maxAgeMs) {
      this.queueDepthRead ??= read()
        .then(
          (value) => {
            this.queueDepth = { value, at: Date.now() };
          },
          () => undefined,
        )
        .finally(() => {
          this.queueDepthRead = null;
        });
      await Promise.race([this.queueDepthRead, delay(QUEUE_DEPTH_READ_TIMEOUT_MS, undefined, { ref: false })]);
    }
    if (!this.queueDepth || Date.now() - this.queueDepth.at > QUEUE_DEPTH_STALE_MS) return null;
    return this.queueDepth.value;
  }
}
