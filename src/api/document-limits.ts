import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { type DocumentNode, GraphQLError, type ValidationContext, visit } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Context } from '../schema/context.ts';

/**
 * Contract 4.6: every document, over HTTP and graphql-ws alike, is checked before it runs. The
 * limits leave room for every document in the README and GraphiQL (the deepest is 7 levels).
 */
export const DOCUMENT_LIMITS = {
  depth: 8,
  aliases: 15,
  tokens: 2000,
  directives: 20,
  cost: 50_000,
  /** Mutations that reach out (a POST, an email) or fan out: at most this many per document. */
  expensiveFields: 5,
};

const EXPENSIVE_MUTATIONS = new Set([
  'testWebhook',
  'retryDelivery',
  'recoverWebhook',
  'sendMessage',
  'replyToMessage',
]);

const refused = (message: string) => new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });

// armor reports through these: a refused document becomes an ordinary validation error on both
// transports (its default throw would close a graphql-ws socket with 4500, ending its other streams).
const report = {
  propagateOnRejection: false,
  onReject: [(ctx: ValidationContext | null, error: GraphQLError) => ctx?.reportError(refused(error.message))],
};

function expensiveFieldsRule(context: ValidationContext) {
  let count = 0;
  return {
    OperationDefinition: {
      enter(node: { operation: string }) {
        count = 0;
        if (node.operation !== 'mutation') return false;
        return undefined;
      },
    },
    Field(node: { name: { value: string } }) {
      if (!EXPENSIVE_MUTATIONS.has(node.name.value)) return;
      count++;
      if (count === DOCUMENT_LIMITS.expensiveFields + 1) {
        context.reportError(
          refused(
            `At most ${DOCUMENT_LIMITS.expensiveFields} of ${[...EXPENSIVE_MUTATIONS].join(', ')} may run in one request; send the rest in other requests.`,
          ),
        );
      }
    },
  };
}

function asksForIntrospection(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    Field(node) {
      if (node.name.value === '__schema' || node.name.value === '__type') found = true;
    },
  });
  return found;
}

export function documentLimits({ production }: { production: boolean }): Plugin<Context>[] {
  const plugins: Plugin<Context>[] = [
    EnvelopArmorPlugin({
      maxDepth: { n: DOCUMENT_LIMITS.depth, ignoreIntrospection: true, ...report },
      maxAliases: { n: DOCUMENT_LIMITS.aliases, ...report },
      // Counted while parsing, where there is no validation context to report to: throw instead.
      maxTokens: {
        n: DOCUMENT_LIMITS.tokens,
        onReject: [
          (_ctx: ValidationContext | null, error: GraphQLError) => {
            throw refused(error.message);
          },
        ],
      },
      maxDirectives: { n: DOCUMENT_LIMITS.directives, ...report },
      costLimit: { maxCost: DOCUMENT_LIMITS.cost, ignoreIntrospection: true, ...report },
      // "Did you mean" hints name fields to a caller who may not know them; GraphiQL users want them.
      blockFieldSuggestion: { enabled: production },
    }) as Plugin<Context>,
    {
      onValidate({ addValidationRule }) {
        addValidationRule(expensiveFieldsRule as never);
      },
    },
  ];
  if (production) {
    plugins.push(withoutInternalDetails, {
      // The schema is shown only to callers holding a valid key (GraphiQL sends one).
      onExecute({ args, setResultAndStopExecution }) {
        if (args.contextValue.auth.kind === 'apiKey' || !asksForIntrospection(args.document)) return;
        setResultAndStopExecution({
          errors: [
            new GraphQLError('Introspection needs a valid API key: send "Authorization: Bearer sk_...".', {
              extensions: { code: 'UNAUTHENTICATED' },
            }),
          ],
        });
      },
    });
  }
  return plugins;
}

/** No response carries an internal error's details: yoga attaches the JSON parser's error to its 400. */
const withoutInternalDetails: Plugin<Context> = {
  onRequestParse({ requestParser, setRequestParser }) {
    if (!requestParser) return;
    setRequestParser(async (request) => {
      try {
        return await requestParser(request);
      } catch (error) {
        if (error instanceof GraphQLError) {
          const extensions = error.extensions as Record<string, unknown>;
          delete extensions.originalError;
          // A body that is no JSON at all is a 400 whatever the client accepts.
          if (extensions.http) extensions.http = { status: 400 };
        }
        throw error;
      }
    });
  },
};
