import { graphql } from '../gql/index.ts';

export const CreateWebhook = graphql(`
  mutation CreateWebhook($input: CreateWebhookInput!) {
    createWebhook(input: $input) {
      id
      url
      events
      description
      enabled
      secret
      createdAt
    }
  }
`);

export const UpdateWebhook = graphql(`
  mutation UpdateWebhook($id: ID!, $input: UpdateWebhookInput!) {
    updateWebhook(id: $id, input: $input) {
      id
      url
      events
      description
      enabled
      disabledReason
    }
  }
`);

export const DeleteWebhook = graphql(`
  mutation DeleteWebhook($id: ID!) {
    deleteWebhook(id: $id) {
      id
    }
  }
`);

export const RotateWebhookSecret = graphql(`
  mutation RotateWebhookSecret($id: ID!) {
    rotateWebhookSecret(id: $id) {
      id
      secret
    }
  }
`);

export const TestWebhook = graphql(`
  mutation TestWebhook($id: ID!) {
    testWebhook(id: $id) {
      ...DeliveryDetails
    }
  }
`);

export const RetryDelivery = graphql(`
  mutation RetryDelivery($id: ID!) {
    retryDelivery(id: $id) {
      ...DeliveryDetails
    }
  }
`);

export const DeliveryDetails = graphql(`
  fragment DeliveryDetails on Delivery {
    id
    status
    test
    attemptCount
    nextAttemptAt
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
      requestHeaders
      requestBody
      responseStatus
      responseHeaders
      responseBody
      error
      errorKind
      durationMs
      createdAt
    }
  }
`);

export const GetDelivery = graphql(`
  query GetDelivery($id: ID!) {
    delivery(id: $id) {
      ...DeliveryDetails
    }
  }
`);

export const ListDeliveries = graphql(`
  query ListDeliveries($first: Int, $after: String, $filter: DeliveryFilter) {
    deliveries(first: $first, after: $after, filter: $filter) {
      edges {
        cursor
        node {
          ...DeliveryDetails
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export const WebhookWithDeliveries = graphql(`
  query WebhookWithDeliveries($id: ID!, $status: DeliveryStatus) {
    webhook(id: $id) {
      id
      url
      secret
      deliveries(first: 50, status: $status) {
        edges {
          node {
            id
            status
            test
          }
        }
      }
    }
  }
`);

export const ListWebhooks = graphql(`
  query ListWebhooks($first: Int, $after: String) {
    webhooks(first: $first, after: $after) {
      edges {
        node {
          id
          url
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
  query GetWebhook($id: ID!) {
    webhook(id: $id) {
      id
      url
      events
      enabled
      secret
    }
  }
`);

export const CreateInbox = graphql(`
  mutation CreateInbox($input: CreateInboxInput) {
    createInbox(input: $input) {
      id
      name
      email
      createdAt
      updatedAt
    }
  }
`);

export const UpdateInbox = graphql(`
  mutation UpdateInbox($id: ID!, $input: UpdateInboxInput!) {
    updateInbox(id: $id, input: $input) {
      id
      name
      email
      updatedAt
    }
  }
`);

export const DeleteInbox = graphql(`
  mutation DeleteInbox($id: ID!) {
    deleteInbox(id: $id) {
      id
    }
  }
`);

export const GetInbox = graphql(`
  query GetInbox($id: ID!) {
    inbox(id: $id) {
      id
      name
      email
    }
  }
`);

export const ListInboxes = graphql(`
  query ListInboxes($first: Int, $after: String) {
    inboxes(first: $first, after: $after) {
      edges {
        node {
          id
          email
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export const ListEvents = graphql(`
  query ListEvents($first: Int, $after: String, $filter: EventFilter) {
    events(first: $first, after: $after, filter: $filter) {
      edges {
        node {
          id
          type
          inboxId
          messageId
          payload
          createdAt
          deliveries {
            id
            status
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export const GetEvent = graphql(`
  query GetEvent($id: ID!) {
    event(id: $id) {
      id
      type
      payload
    }
  }
`);

export const Viewer = graphql(`
  query Viewer {
    viewer {
      id
      name
      createdAt
    }
    eventTypes {
      name
      description
    }
  }
`);

export const CreateApiKey = graphql(`
  mutation CreateApiKey($input: CreateApiKeyInput!) {
    createApiKey(input: $input) {
      apiKey {
        id
        name
        createdAt
        revokedAt
      }
      secret
    }
  }
`);

export const RevokeApiKey = graphql(`
  mutation RevokeApiKey($id: ID!) {
    revokeApiKey(id: $id) {
      id
      revokedAt
    }
  }
`);

export const CreateOrganization = graphql(`
  mutation CreateOrganization($input: CreateOrganizationInput!) {
    createOrganization(input: $input) {
      organization {
        id
        name
      }
      apiKey {
        id
        name
      }
      secret
    }
  }
`);
