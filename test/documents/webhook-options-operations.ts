import { graphql } from '../gql/index.ts';

/** createWebhook with the per-webhook options of contract 3.8 and 4.5. */
export const CreateWebhookWithOptions = graphql(`
  mutation CreateWebhookWithOptions($input: CreateWebhookInput!) {
    createWebhook(input: $input) {
      id
      secret
      headers
      inboxIds
      rateLimitPerSecond
    }
  }
`);

export const UpdateWebhookOptions = graphql(`
  mutation UpdateWebhookOptions($id: ID!, $input: UpdateWebhookInput!) {
    updateWebhook(id: $id, input: $input) {
      id
      description
      headers
      inboxIds
      rateLimitPerSecond
    }
  }
`);

export const WebhookOptions = graphql(`
  query WebhookOptions($id: ID!) {
    webhook(id: $id) {
      id
      url
      events
      description
      headers
      inboxIds
      rateLimitPerSecond
      updatedAt
    }
  }
`);
