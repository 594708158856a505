import type { GraphQLRequest } from './graphql-client.ts';

/** A webhook of the client's organization pointed at `url`, made through @sendook/node. */
export function createWebhookFor(gql: GraphQLRequest, url: string, events = ['inbox.created']) {
  return gql.sendook.webhook.create({ url, events });
}

/** An inbox of the client's organization (a generated address unless `email` is given), made through @sendook/node. */
export function createInboxFor(gql: GraphQLRequest, input: { name?: string; email?: string } = {}) {
  return gql.sendook.inbox.create({ name: 'Support', ...input });
}
