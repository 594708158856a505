import { GraphQLError } from 'graphql';
import { isDatabaseUnavailable } from '../db/client.ts';
import { DATABASE_UNAVAILABLE_MESSAGE, DomainError } from '../errors.ts';
import type { Logger } from '../logger.ts';

const HTTP_STATUS: Record<string, number> = { UNAUTHENTICATED: 401, UNAVAILABLE: 503 };

/** Domain errors become contract 4.2 codes; anything unexpected is logged and reaches clients as "Unexpected error.". */
export function createMaskError(logger: Logger, requestIdOf: (error: unknown) => string | undefined) {
  return (error: unknown, message: string): Error => {
    const graphqlError = error instanceof GraphQLError ? error : null;
    const original = graphqlError?.originalError ?? error;
    if (original instanceof DomainError) {
      return new GraphQLError(original.message, {
        nodes: graphqlError?.nodes,
        path: graphqlError?.path,
        extensions: {
          code: original.code,
          ...(original.field ? { field: original.field } : {}),
          ...(HTTP_STATUS[original.code] ? { http: { status: HTTP_STATUS[original.code] } } : {}),
        },
      });
    }
    if (isDatabaseUnavailable(original)) {
      logger.warn(
        { err: original, path: graphqlError?.path, requestId: requestIdOf(error) },
        'database unavailable in a GraphQL operation',
      );
      return new GraphQLError(DATABASE_UNAVAILABLE_MESSAGE, {
        nodes: graphqlError?.nodes,
        path: graphqlError?.path,
        extensions: { code: 'UNAVAILABLE', http: { status: 503 } },
      });
    }
    if (original instanceof Error && original.name === 'PothosValidationError') {
      // Pothos checks connection arguments before our resolvers run; name the argument at fault.
      const cursor = /cursor/i.test(original.message);
      const field = cursor ? 'after' : /"?(first|last|after|before)"?/.exec(original.message)?.[1];
      const message = cursor
        ? `${original.message}. Pass a cursor returned by this list (pageInfo.endCursor).`
        : original.message;
      return new GraphQLError(message, {
        nodes: graphqlError?.nodes,
        path: graphqlError?.path,
        extensions: { code: 'BAD_USER_INPUT', ...(field ? { field } : {}) },
      });
    }
    if (graphqlError && !graphqlError.originalError) return graphqlError;
    logger.error(
      { err: original, path: graphqlError?.path, requestId: requestIdOf(error) },
      'unexpected error in a GraphQL operation',
    );
    return new GraphQLError(message, { nodes: graphqlError?.nodes, path: graphqlError?.path });
  };
}
