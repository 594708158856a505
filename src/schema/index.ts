import { builder } from './builder.ts';
import './organization.ts';
import './api-key.ts';
import './event-type.ts';
import './inbox.ts';
import './webhook.ts';
import './event.ts';
import './delivery.ts';
import './webhook-health.ts';
import './message.ts';
import './thread.ts';
import './suppression.ts';

builder.queryType({});
builder.mutationType({});
builder.subscriptionType({});

export const schema = builder.toSchema({ sortSchema: false });
