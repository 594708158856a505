import { graphql } from './gql/index.js';

export const WebhookFields = graphql(`
  fragment WebhookFields on Webhook {
    id
    url
    events
    description
    enabled
    disabledReason
    secret
    headers
    inboxIds
    rateLimitPerSecond
    health {
      status
      consecutiveFailures
      failingSince
      lastSuccessAt
      lastFailureAt
      disableAt
    }
    createdAt
    updatedAt
  }
`);

export const DeliveryFields = graphql(`
  fragment DeliveryFields on Delivery {
    id
    status
    test
    attemptCount
    nextAttemptAt
    lastError
    createdAt
    updatedAt
    webhook {
      id
    }
    event {
      id
      type
    }
    attempts {
      id
      number
      trigger
      succeeded
      url
      responseStatus
      error
      durationMs
      createdAt
    }
  }
`);

export const InboxFields = graphql(`
  fragment InboxFields on Inbox {
    id
    name
    email
    createdAt
    updatedAt
  }
`);

export const MessageFields = graphql(`
  fragment MessageFields on Message {
    id
    direction
    status
    from
    to
    cc
    bcc
    subject
    text
    html
    labels
    rfcMessageId
    inReplyTo
    inbox {
      id
    }
    thread {
      id
    }
    recipients {
      address
      kind
      status
      smtpCode
      diagnostic
    }
    attachments {
      id
      filename
      contentType
      size
    }
    createdAt
    updatedAt
  }
`);

export const CreateWebhook = graphql(`
  mutation SendookCreateWebhook($input: CreateWebhookInput!) {
    createWebhook(input: $input) {
      ...WebhookFields
    }
  }
`);
export const ListWebhooks = graphql(`
  query SendookListWebhooks($first: Int, $after: String) {
    webhooks(first: $first, after: $after) {
      edges {
        node {
          ...WebhookFields
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);
export const GetWebhook = graphql(`
  query SendookGetWebhook($id: ID!) {
    webhook(id: $id) {
      ...WebhookFields
    }
  }
`);
export const UpdateWebhook = graphql(`
  mutation SendookUpdateWebhook($id: ID!, $input: UpdateWebhookInput!) {
    updateWebhook(id: $id, input: $input) {
      ...WebhookFields
    }
  }
`);
export const DeleteWebhook = graphql(`
  mutation SendookDeleteWebhook($id: ID!) {
    deleteWebhook(id: $id) {
      ...WebhookFields
    }
  }
`);
export const TestWebhook = graphql(`
  mutation SendookTestWebhook($id: ID!) {
    testWebhook(id: $id) {
      ...DeliveryFields
    }
  }
`);
export const CreateInbox = graphql(`
  mutation SendookCreateInbox($input: CreateInboxInput) {
    createInbox(input: $input) {
      ...InboxFields
    }
  }
`);
export const ListInboxes = graphql(`
  query SendookListInboxes($first: Int, $after: String) {
    inboxes(first: $first, after: $after) {
      edges {
        node {
          ...InboxFields
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);
export const GetInbox = graphql(`
  query SendookGetInbox($id: ID!) {
    inbox(id: $id) {
      ...InboxFields
    }
  }
`);
export const DeleteInbox = graphql(`
  mutation SendookDeleteInbox($id: ID!) {
    deleteInbox(id: $id) {
      ...InboxFields
    }
  }
`);
export const SendMessage = graphql(`
  mutation SendookSendMessage($input: SendMessageInput!) {
    sendMessage(input: $input) {
      ...MessageFields
    }
  }
`);
export const ReplyToMessage = graphql(`
  mutation SendookReplyToMessage($id: ID!, $input: ReplyInput!) {
    replyToMessage(id: $id, input: $input) {
      ...MessageFields
    }
  }
`);
export const ListMessages = graphql(`
  query SendookListMessages($first: Int, $after: String, $filter: MessageFilter) {
    messages(first: $first, after: $after, filter: $filter) {
      edges {
        node {
          ...MessageFields
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);
export const GetMessage = graphql(`
  query SendookGetMessage($id: ID!) {
    message(id: $id) {
      ...MessageFields
    }
  }
`);
export const ListDeliveries = graphql(`
  query SendookListDeliveries($first: Int, $after: String, $filter: DeliveryFilter) {
    deliveries(first: $first, after: $after, filter: $filter) {
      edges {
        node {
          ...DeliveryFields
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);
export const GetDelivery = graphql(`
  query SendookGetDelivery($id: ID!) {
    delivery(id: $id) {
      ...DeliveryFields
    }
  }
`);
export const RetryDelivery = graphql(`
  mutation SendookRetryDelivery($id: ID!) {
    retryDelivery(id: $id) {
      ...DeliveryFields
    }
  }
`);

/** The live stream's document (sent over graphql-ws). */
export const EVENTS_SUBSCRIPTION = `subscription SendookEvents($types: [String!], $inboxId: ID, $after: ID) {
  events(types: $types, inboxId: $inboxId, after: $after) { id type messageId inboxId payload createdAt }
}`;
