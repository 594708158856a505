import { GraphQLError } from 'graphql';
import type { LiveFeed } from '../live/feed.ts';
import type { Context } from './context.ts';

export function liveFeedOf(ctx: Context): LiveFeed {
  if (!ctx.services.live) {
    throw new GraphQLError('Subscriptions are served by API processes (ROLE=api or all).');
  }
  return ctx.services.live;
}
