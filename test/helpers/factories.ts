import { CreateInbox, CreateWebhook } from '../documents/operations.ts';
import { expectData, type GraphQLRequest } from './graphql-client.ts';

/** A webhook of the client's organization pointed at `url`. */
export async function createWebhookFor(gql: GraphQLRequest, url: string, events = ['inbox.created']) {
  return expectData(await gql(CreateWebhook, { input: { url, events } })).createWebhook;
}

/** An inbox of the client's organization (a generated address unless `email` is given). */
export async function createInboxFor(gql: GraphQLRequest, input: { name?: string; email?: string } = {}) {
  return expectData(await gql(CreateInbox, { input: { name: 'Support', ...input } })).createInbox;
}
