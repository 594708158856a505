import { eventTypes } from '../domain/event-types.ts';
import { organizationOf } from './auth.ts';
import { builder } from './builder.ts';

const EventType = builder.objectRef<{ name: string; description: string }>('EventType').implement({
  fields: (t) => ({
    name: t.exposeString('name'),
    description: t.exposeString('description'),
  }),
});

builder.queryField('eventTypes', (t) =>
  t.field({
    type: [EventType],
    description: 'Every event a webhook can subscribe to ("*" subscribes to all of them).',
    resolve: (_root, _args, ctx) => {
      organizationOf(ctx);
      return [...eventTypes];
    },
  }),
);
