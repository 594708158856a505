import { graphql } from '../gql/index.ts';

export const EventsSubscription = graphql(`
  subscription Events($types: [String!], $inboxId: ID, $after: ID) {
    events(types: $types, inboxId: $inboxId, after: $after) {
      id
      type
      inboxId
      messageId
      payload
      createdAt
    }
  }
`);

export const DeliveryAttemptsSubscription = graphql(`
  subscription DeliveryAttempts($webhookId: ID) {
    deliveryAttempts(webhookId: $webhookId) {
      id
      number
      trigger
      succeeded
      responseStatus
      delivery {
        id
        status
        webhook {
          id
        }
      }
    }
  }
`);
