import { graphql } from '../gql/index.ts';

export const WebhookHealth = graphql(`
  query WebhookHealth($id: ID!) {
    webhook(id: $id) {
      id
      enabled
      disabledReason
      health {
        status
        consecutiveFailures
        failingSince
        lastSuccessAt
        lastFailureAt
        disableAt
        attempts24h
        successRate24h
        p50DurationMs24h
        p95DurationMs24h
      }
    }
  }
`);

export const RecoverWebhook = graphql(`
  mutation RecoverWebhook($id: ID!, $since: DateTime!) {
    recoverWebhook(id: $id, since: $since) {
      id
      total
      pending
      succeeded
      failed
      since
      webhook {
        id
      }
    }
  }
`);

export const GetWebhookRecovery = graphql(`
  query GetWebhookRecovery($id: ID!) {
    webhookRecovery(id: $id) {
      id
      total
      pending
      succeeded
      failed
    }
  }
`);

export const DeliveriesOfWebhook = graphql(`
  query DeliveriesOfWebhook($webhookId: ID!) {
    deliveries(first: 100, filter: { webhookId: $webhookId }) {
      edges {
        node {
          id
          status
          lastError
          attemptCount
          nextAttemptAt
          event {
            id
            type
          }
          attempts {
            number
            trigger
            succeeded
            responseStatus
            createdAt
          }
        }
      }
    }
  }
`);
