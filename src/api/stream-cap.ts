import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Context } from '../schema/context.ts';

/**
 * At most `limit` live SSE streams per API key on this process. graphql-ws subscriptions are
 * capped per socket instead (graphql-ws.ts), and carry their socket in the context.
 */
export function capStreamsPerKey(limit: number) {
  const open = new Map<string, number>();
  const plugin: Plugin<Context & { socket?: unknown }> = {
    onSubscribe({ args, setResultAndStopExecution }) {
      const { auth, socket } = args.contextValue;
      if (socket || auth.kind !== 'apiKey') return;
      const key = auth.apiKeyId;
      const count = open.get(key) ?? 0;
      if (count >= limit) {
        setResultAndStopExecution({
          errors: [
            new GraphQLError(`At most ${limit} live streams may be open for one API key; close one first.`, {
              extensions: { code: 'RATE_LIMITED' },
            }),
          ],
        });
        return;
      }
      open.set(key, count + 1);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        const left = (open.get(key) ?? 1) - 1;
        if (left <= 0) open.delete(key);
        else open.set(key, left);
      };
      return {
        onSubscribeResult: ({ result }) => {
          // A refused subscription yields a single result, not a stream: nothing stays open.
          if (!(result && typeof result === 'object' && Symbol.asyncIterator in result)) return release();
          return { onEnd: release };
        },
        onSubscribeError: release,
      };
    },
  };
  return { plugin, open };
}
