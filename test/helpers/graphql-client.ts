import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import Sendook from '@sendook/node';
import { print } from 'graphql';

export interface GraphQLResult<T> {
  status: number;
  data: T | null | undefined;
  errors?: Array<{ message: string; path?: string[]; extensions?: { code?: string; field?: string } }>;
}

/**
 * A plain HTTP GraphQL client for typed documents from test/gql (GraphQL Code Generator), which
 * also carries an @sendook/node client for the same key: the factories go through it, so every
 * test that sets things up exercises the published client too.
 */
export function graphqlClient(baseUrl: string, token?: string) {
  return Object.assign(graphqlRequest(baseUrl, token), { sendook: new Sendook(token ?? '', { baseUrl }) });
}

function graphqlRequest(baseUrl: string, token?: string) {
  return async function request<T, V>(document: TypedDocumentNode<T, V>, variables?: V): Promise<GraphQLResult<T>> {
    const response = await fetch(`${baseUrl}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify({ query: print(document), variables }),
    });
    const json = (await response.json()) as Omit<GraphQLResult<T>, 'status'>;
    return { status: response.status, ...json };
  };
}

export type GraphQLRequest = ReturnType<typeof graphqlClient>;

/** Returns data, failing the test with the errors if there were any. */
export function expectData<T>(result: GraphQLResult<T>): T {
  if (result.errors?.length || !result.data) {
    throw new Error(`GraphQL errors: ${JSON.stringify(result.errors)}`);
  }
  return result.data;
}
