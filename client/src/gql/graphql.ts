/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
interface DocumentTypeDecoration<TResult, TVariables> { __apiType?: (variables: TVariables) => TResult }
export type AttachmentInput = {
  contentBase64: string;
  /** A MIME type such as application/pdf. */
  contentType: string;
  filename: string;
};

export type AttemptTrigger =
  | 'AUTOMATIC'
  | 'MANUAL'
  | 'RECOVERY'
  | 'TEST';

export type CreateInboxInput = {
  /** Leave out for <name>-<random>@<MAIL_DOMAIN>. */
  email?: string | null | undefined;
  name?: string | null | undefined;
};

export type CreateWebhookInput = {
  description?: string | null | undefined;
  /** Event names (see eventTypes), or ["*"] for every event. */
  events: Array<string>;
  /** Extra request headers: a JSON object of at most 20 string values, such as {"Authorization": "Bearer ..."}. Names are HTTP tokens; values printable ASCII, at most 1 KiB. webhook-*, content-type, content-length, host, user-agent, expect and the hop-by-hop headers cannot be set. Null: none. */
  headers?: unknown;
  /** Only events of these inboxes (1 to 100 of the organization's inboxes). Events without an inbox (webhook.*) do not reach a filtered webhook. Null: events of every inbox, and those without one. */
  inboxIds?: Array<string | number> | null | undefined;
  /** At most this many requests per second to this webhook (1 to 1000); deliveries beyond it wait, they do not fail. Null: no limit. */
  rateLimitPerSecond?: number | null | undefined;
  /** Absolute http(s) URL; https only in production. */
  url: string;
};

export type DeliveryFilter = {
  eventId?: string | number | null | undefined;
  status?: DeliveryStatus | null | undefined;
  webhookId?: string | number | null | undefined;
};

export type DeliveryStatus =
  | 'FAILED'
  | 'PENDING'
  | 'SUCCEEDED';

export type MessageDirection =
  | 'INBOUND'
  | 'OUTBOUND';

export type MessageFilter = {
  direction?: MessageDirection | null | undefined;
  inboxId?: string | number | null | undefined;
  status?: MessageStatus | null | undefined;
  threadId?: string | number | null | undefined;
};

export type MessageStatus =
  | 'BOUNCED'
  | 'COMPLAINED'
  | 'DELIVERED'
  | 'QUEUED'
  | 'RECEIVED'
  | 'REJECTED'
  | 'SENT';

export type RecipientKind =
  | 'BCC'
  | 'CC'
  | 'TO';

export type ReplyInput = {
  attachments?: Array<AttachmentInput> | null | undefined;
  html?: string | null | undefined;
  /** Also to the parent message's other recipients. */
  replyAll?: boolean | null | undefined;
  text?: string | null | undefined;
};

export type SendMessageInput = {
  attachments?: Array<AttachmentInput> | null | undefined;
  /** Receive the message without appearing in its headers. */
  bcc?: Array<string> | null | undefined;
  cc?: Array<string> | null | undefined;
  html?: string | null | undefined;
  /** The inbox it is sent from. */
  inboxId: string | number;
  labels?: Array<string> | null | undefined;
  subject?: string | null | undefined;
  text?: string | null | undefined;
  to: Array<string>;
};

export type UpdateWebhookInput = {
  description?: string | null | undefined;
  enabled?: boolean | null | undefined;
  events?: Array<string> | null | undefined;
  /** Extra request headers: a JSON object of at most 20 string values, such as {"Authorization": "Bearer ..."}. Names are HTTP tokens; values printable ASCII, at most 1 KiB. webhook-*, content-type, content-length, host, user-agent, expect and the hop-by-hop headers cannot be set. Null: none. On update, null clears it and leaving it out keeps it. */
  headers?: unknown;
  /** Only events of these inboxes (1 to 100 of the organization's inboxes). Events without an inbox (webhook.*) do not reach a filtered webhook. Null: events of every inbox, and those without one. On update, null clears it and leaving it out keeps it. */
  inboxIds?: Array<string | number> | null | undefined;
  /** At most this many requests per second to this webhook (1 to 1000); deliveries beyond it wait, they do not fail. Null: no limit. On update, null clears it and leaving it out keeps it. */
  rateLimitPerSecond?: number | null | undefined;
  url?: string | null | undefined;
};

export type WebhookHealthStatus =
  | 'DISABLED'
  | 'FAILING'
  | 'HEALTHY';

export type WebhookFieldsFragment = { id: string, url: string, events: Array<string>, description: string | null, enabled: boolean, disabledReason: string | null, secret: string, headers: unknown, inboxIds: Array<string> | null, rateLimitPerSecond: number | null, createdAt: string, updatedAt: string, health: { status: WebhookHealthStatus, consecutiveFailures: number, failingSince: string | null, lastSuccessAt: string | null, lastFailureAt: string | null, disableAt: string | null } };

export type DeliveryFieldsFragment = { id: string, status: DeliveryStatus, test: boolean, attemptCount: number, nextAttemptAt: string | null, lastError: string | null, createdAt: string, updatedAt: string, webhook: { id: string }, event: { id: string, type: string }, attempts: Array<{ id: string, number: number, trigger: AttemptTrigger, succeeded: boolean, url: string, responseStatus: number | null, error: string | null, durationMs: number, createdAt: string }> };

export type InboxFieldsFragment = { id: string, name: string, email: string, createdAt: string, updatedAt: string };

export type MessageFieldsFragment = { id: string, direction: MessageDirection, status: MessageStatus, from: string, to: Array<string>, cc: Array<string>, bcc: Array<string>, subject: string | null, text: string | null, html: string | null, labels: Array<string>, rfcMessageId: string | null, inReplyTo: string | null, createdAt: string, updatedAt: string, inbox: { id: string }, thread: { id: string }, recipients: Array<{ address: string, kind: RecipientKind, status: MessageStatus, smtpCode: number | null, diagnostic: string | null }>, attachments: Array<{ id: string, filename: string | null, contentType: string, size: number }> };

export type SendookCreateWebhookMutationVariables = Exact<{
  input: CreateWebhookInput;
}>;


export type SendookCreateWebhookMutation = { createWebhook: { id: string, url: string, events: Array<string>, description: string | null, enabled: boolean, disabledReason: string | null, secret: string, headers: unknown, inboxIds: Array<string> | null, rateLimitPerSecond: number | null, createdAt: string, updatedAt: string, health: { status: WebhookHealthStatus, consecutiveFailures: number, failingSince: string | null, lastSuccessAt: string | null, lastFailureAt: string | null, disableAt: string | null } } };

export type SendookListWebhooksQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type SendookListWebhooksQuery = { webhooks: { edges: Array<{ node: { id: string, url: string, events: Array<string>, description: string | null, enabled: boolean, disabledReason: string | null, secret: string, headers: unknown, inboxIds: Array<string> | null, rateLimitPerSecond: number | null, createdAt: string, updatedAt: string, health: { status: WebhookHealthStatus, consecutiveFailures: number, failingSince: string | null, lastSuccessAt: string | null, lastFailureAt: string | null, disableAt: string | null } } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type SendookGetWebhookQueryVariables = Exact<{
  id: string | number;
}>;


export type SendookGetWebhookQuery = { webhook: { id: string, url: string, events: Array<string>, description: string | null, enabled: boolean, disabledReason: string | null, secret: string, headers: unknown, inboxIds: Array<string> | null, rateLimitPerSecond: number | null, createdAt: string, updatedAt: string, health: { status: WebhookHealthStatus, consecutiveFailures: number, failingSince: string | null, lastSuccessAt: string | null, lastFailureAt: string | null, disableAt: string | null } } | null };

export type SendookUpdateWebhookMutationVariables = Exact<{
  id: string | number;
  input: UpdateWebhookInput;
}>;


export type SendookUpdateWebhookMutation = { updateWebhook: { id: string, url: string, events: Array<string>, description: string | null, enabled: boolean, disabledReason: string | null, secret: string, headers: unknown, inboxIds: Array<string> | null, rateLimitPerSecond: number | null, createdAt: string, updatedAt: string, health: { status: WebhookHealthStatus, consecutiveFailures: number, failingSince: string | null, lastSuccessAt: string | null, lastFailureAt: string | null, disableAt: string | null } } };

export type SendookDeleteWebhookMutationVariables = Exact<{
  id: string | number;
}>;


export type SendookDeleteWebhookMutation = { deleteWebhook: { id: string, url: string, events: Array<string>, description: string | null, enabled: boolean, disabledReason: string | null, secret: string, headers: unknown, inboxIds: Array<string> | null, rateLimitPerSecond: number | null, createdAt: string, updatedAt: string, health: { status: WebhookHealthStatus, consecutiveFailures: number, failingSince: string | null, lastSuccessAt: string | null, lastFailureAt: string | null, disableAt: string | null } } };

export type SendookTestWebhookMutationVariables = Exact<{
  id: string | number;
}>;


export type SendookTestWebhookMutation = { testWebhook: { id: string, status: DeliveryStatus, test: boolean, attemptCount: number, nextAttemptAt: string | null, lastError: string | null, createdAt: string, updatedAt: string, webhook: { id: string }, event: { id: string, type: string }, attempts: Array<{ id: string, number: number, trigger: AttemptTrigger, succeeded: boolean, url: string, responseStatus: number | null, error: string | null, durationMs: number, createdAt: string }> } };

export type SendookCreateInboxMutationVariables = Exact<{
  input?: CreateInboxInput | null | undefined;
}>;


export type SendookCreateInboxMutation = { createInbox: { id: string, name: string, email: string, createdAt: string, updatedAt: string } };

export type SendookListInboxesQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type SendookListInboxesQuery = { inboxes: { edges: Array<{ node: { id: string, name: string, email: string, createdAt: string, updatedAt: string } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type SendookGetInboxQueryVariables = Exact<{
  id: string | number;
}>;


export type SendookGetInboxQuery = { inbox: { id: string, name: string, email: string, createdAt: string, updatedAt: string } | null };

export type SendookDeleteInboxMutationVariables = Exact<{
  id: string | number;
}>;


export type SendookDeleteInboxMutation = { deleteInbox: { id: string, name: string, email: string, createdAt: string, updatedAt: string } };

export type SendookSendMessageMutationVariables = Exact<{
  input: SendMessageInput;
}>;


export type SendookSendMessageMutation = { sendMessage: { id: string, direction: MessageDirection, status: MessageStatus, from: string, to: Array<string>, cc: Array<string>, bcc: Array<string>, subject: string | null, text: string | null, html: string | null, labels: Array<string>, rfcMessageId: string | null, inReplyTo: string | null, createdAt: string, updatedAt: string, inbox: { id: string }, thread: { id: string }, recipients: Array<{ address: string, kind: RecipientKind, status: MessageStatus, smtpCode: number | null, diagnostic: string | null }>, attachments: Array<{ id: string, filename: string | null, contentType: string, size: number }> } };

export type SendookReplyToMessageMutationVariables = Exact<{
  id: string | number;
  input: ReplyInput;
}>;


export type SendookReplyToMessageMutation = { replyToMessage: { id: string, direction: MessageDirection, status: MessageStatus, from: string, to: Array<string>, cc: Array<string>, bcc: Array<string>, subject: string | null, text: string | null, html: string | null, labels: Array<string>, rfcMessageId: string | null, inReplyTo: string | null, createdAt: string, updatedAt: string, inbox: { id: string }, thread: { id: string }, recipients: Array<{ address: string, kind: RecipientKind, status: MessageStatus, smtpCode: number | null, diagnostic: string | null }>, attachments: Array<{ id: string, filename: string | null, contentType: string, size: number }> } };

export type SendookListMessagesQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
  filter?: MessageFilter | null | undefined;
}>;


export type SendookListMessagesQuery = { messages: { edges: Array<{ node: { id: string, direction: MessageDirection, status: MessageStatus, from: string, to: Array<string>, cc: Array<string>, bcc: Array<string>, subject: string | null, text: string | null, html: string | null, labels: Array<string>, rfcMessageId: string | null, inReplyTo: string | null, createdAt: string, updatedAt: string, inbox: { id: string }, thread: { id: string }, recipients: Array<{ address: string, kind: RecipientKind, status: MessageStatus, smtpCode: number | null, diagnostic: string | null }>, attachments: Array<{ id: string, filename: string | null, contentType: string, size: number }> } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type SendookGetMessageQueryVariables = Exact<{
  id: string | number;
}>;


export type SendookGetMessageQuery = { message: { id: string, direction: MessageDirection, status: MessageStatus, from: string, to: Array<string>, cc: Array<string>, bcc: Array<string>, subject: string | null, text: string | null, html: string | null, labels: Array<string>, rfcMessageId: string | null, inReplyTo: string | null, createdAt: string, updatedAt: string, inbox: { id: string }, thread: { id: string }, recipients: Array<{ address: string, kind: RecipientKind, status: MessageStatus, smtpCode: number | null, diagnostic: string | null }>, attachments: Array<{ id: string, filename: string | null, contentType: string, size: number }> } | null };

export type SendookListDeliveriesQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
  filter?: DeliveryFilter | null | undefined;
}>;


export type SendookListDeliveriesQuery = { deliveries: { edges: Array<{ node: { id: string, status: DeliveryStatus, test: boolean, attemptCount: number, nextAttemptAt: string | null, lastError: string | null, createdAt: string, updatedAt: string, webhook: { id: string }, event: { id: string, type: string }, attempts: Array<{ id: string, number: number, trigger: AttemptTrigger, succeeded: boolean, url: string, responseStatus: number | null, error: string | null, durationMs: number, createdAt: string }> } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type SendookGetDeliveryQueryVariables = Exact<{
  id: string | number;
}>;


export type SendookGetDeliveryQuery = { delivery: { id: string, status: DeliveryStatus, test: boolean, attemptCount: number, nextAttemptAt: string | null, lastError: string | null, createdAt: string, updatedAt: string, webhook: { id: string }, event: { id: string, type: string }, attempts: Array<{ id: string, number: number, trigger: AttemptTrigger, succeeded: boolean, url: string, responseStatus: number | null, error: string | null, durationMs: number, createdAt: string }> } | null };

export type SendookRetryDeliveryMutationVariables = Exact<{
  id: string | number;
}>;


export type SendookRetryDeliveryMutation = { retryDelivery: { id: string, status: DeliveryStatus, test: boolean, attemptCount: number, nextAttemptAt: string | null, lastError: string | null, createdAt: string, updatedAt: string, webhook: { id: string }, event: { id: string, type: string }, attempts: Array<{ id: string, number: number, trigger: AttemptTrigger, succeeded: boolean, url: string, responseStatus: number | null, error: string | null, durationMs: number, createdAt: string }> } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const WebhookFieldsFragmentDoc = new TypedDocumentString(`
    fragment WebhookFields on Webhook {
  id
  url
  events
  description
  enabled
  disabledReason
  secret
  headers
  inboxIds
  rateLimitPerSecond
  health {
    status
    consecutiveFailures
    failingSince
    lastSuccessAt
    lastFailureAt
    disableAt
  }
  createdAt
  updatedAt
}
    `, {"fragmentName":"WebhookFields"}) as unknown as TypedDocumentString<WebhookFieldsFragment, unknown>;
export const DeliveryFieldsFragmentDoc = new TypedDocumentString(`
    fragment DeliveryFields on Delivery {
  id
  status
  test
  attemptCount
  nextAttemptAt
  lastError
  createdAt
  updatedAt
  webhook {
    id
  }
  event {
    id
    type
  }
  attempts {
    id
    number
    trigger
    succeeded
    url
    responseStatus
    error
    durationMs
    createdAt
  }
}
    `, {"fragmentName":"DeliveryFields"}) as unknown as TypedDocumentString<DeliveryFieldsFragment, unknown>;
export const InboxFieldsFragmentDoc = new TypedDocumentString(`
    fragment InboxFields on Inbox {
  id
  name
  email
  createdAt
  updatedAt
}
    `, {"fragmentName":"InboxFields"}) as unknown as TypedDocumentString<InboxFieldsFragment, unknown>;
export const MessageFieldsFragmentDoc = new TypedDocumentString(`
    fragment MessageFields on Message {
  id
  direction
  status
  from
  to
  cc
  bcc
  subject
  text
  html
  labels
  rfcMessageId
  inReplyTo
  inbox {
    id
  }
  thread {
    id
  }
  recipients {
    address
    kind
    status
    smtpCode
    diagnostic
  }
  attachments {
    id
    filename
    contentType
    size
  }
  createdAt
  updatedAt
}
    `, {"fragmentName":"MessageFields"}) as unknown as TypedDocumentString<MessageFieldsFragment, unknown>;
export const SendookCreateWebhookDocument = new TypedDocumentString(`
    mutation SendookCreateWebhook($input: CreateWebhookInput!) {
  createWebhook(input: $input) {
    ...WebhookFields
  }
}
    fragment WebhookFields on Webhook {
  id
  url
  events
  description
  enabled
  disabledReason
  secret
  headers
  inboxIds
  rateLimitPerSecond
  health {
    status
    consecutiveFailures
    failingSince
    lastSuccessAt
    lastFailureAt
    disableAt
  }
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<SendookCreateWebhookMutation, SendookCreateWebhookMutationVariables>;
export const SendookListWebhooksDocument = new TypedDocumentString(`
    query SendookListWebhooks($first: Int, $after: String) {
  webhooks(first: $first, after: $after) {
    edges {
      node {
        ...WebhookFields
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    fragment WebhookFields on Webhook {
  id
  url
  events
  description
  enabled
  disabledReason
  secret
  headers
  inboxIds
  rateLimitPerSecond
  health {
    status
    consecutiveFailures
    failingSince
    lastSuccessAt
    lastFailureAt
    disableAt
  }
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<SendookListWebhooksQuery, SendookListWebhooksQueryVariables>;
export const SendookGetWebhookDocument = new TypedDocumentString(`
    query SendookGetWebhook($id: ID!) {
  webhook(id: $id) {
    ...WebhookFields
  }
}
    fragment WebhookFields on Webhook {
  id
  url
  events
  description
  enabled
  disabledReason
  secret
  headers
  inboxIds
  rateLimitPerSecond
  health {
    status
    consecutiveFailures
    failingSince
    lastSuccessAt
    lastFailureAt
    disableAt
  }
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<SendookGetWebhookQuery, SendookGetWebhookQueryVariables>;
export const SendookUpdateWebhookDocument = new TypedDocumentString(`
    mutation SendookUpdateWebhook($id: ID!, $input: UpdateWebhookInput!) {
  updateWebhook(id: $id, input: $input) {
    ...WebhookFields
  }
}
    fragment WebhookFields on Webhook {
  id
  url
  events
  description
  enabled
  disabledReason
  secret
  headers
  inboxIds
  rateLimitPerSecond
  health {
    status
    consecutiveFailures
    failingSince
    lastSuccessAt
    lastFailureAt
    disableAt
  }
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<SendookUpdateWebhookMutation, SendookUpdateWebhookMutationVariables>;
export const SendookDeleteWebhookDocument = new TypedDocumentString(`
    mutation SendookDeleteWebhook($id: ID!) {
  deleteWebhook(id: $id) {
    ...WebhookFields
  }
}
    fragment WebhookFields on Webhook {
  id
  url
  events
  description
  enabled
  disabledReason
  secret
  headers
  inboxIds
  rateLimitPerSecond
  health {
    status
    consecutiveFailures
    failingSince
    lastSuccessAt
    lastFailureAt
    disableAt
  }
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<SendookDeleteWebhookMutation, SendookDeleteWebhookMutationVariables>;
export const SendookTestWebhookDocument = new TypedDocumentString(`
    mutation SendookTestWebhook($id: ID!) {
  testWebhook(id: $id) {
    ...DeliveryFields
  }
}
    fragment DeliveryFields on Delivery {
  id
  status
  test
  attemptCount
  nextAttemptAt
  lastError
  createdAt
  updatedAt
  webhook {
    id
  }
  event {
    id
    type
  }
  attempts {
    id
    number
    trigger
    succeeded
    url
    responseStatus
    error
    durationMs
    createdAt
  }
}`) as unknown as TypedDocumentString<SendookTestWebhookMutation, SendookTestWebhookMutationVariables>;
export const SendookCreateInboxDocument = new TypedDocumentString(`
    mutation SendookCreateInbox($input: CreateInboxInput) {
  createInbox(input: $input) {
    ...InboxFields
  }
}
    fragment InboxFields on Inbox {
  id
  name
  email
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<SendookCreateInboxMutation, SendookCreateInboxMutationVariables>;
export const SendookListInboxesDocument = new TypedDocumentString(`
    query SendookListInboxes($first: Int, $after: String) {
  inboxes(first: $first, after: $after) {
    edges {
      node {
        ...InboxFields
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    fragment InboxFields on Inbox {
  id
  name
  email
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<SendookListInboxesQuery, SendookListInboxesQueryVariables>;
export const SendookGetInboxDocument = new TypedDocumentString(`
    query SendookGetInbox($id: ID!) {
  inbox(id: $id) {
    ...InboxFields
  }
}
    fragment InboxFields on Inbox {
  id
  name
  email
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<SendookGetInboxQuery, SendookGetInboxQueryVariables>;
export const SendookDeleteInboxDocument = new TypedDocumentString(`
    mutation SendookDeleteInbox($id: ID!) {
  deleteInbox(id: $id) {
    ...InboxFields
  }
}
    fragment InboxFields on Inbox {
  id
  name
  email
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<SendookDeleteInboxMutation, SendookDeleteInboxMutationVariables>;
export const SendookSendMessageDocument = new TypedDocumentString(`
    mutation SendookSendMessage($input: SendMessageInput!) {
  sendMessage(input: $input) {
    ...MessageFields
  }
}
    fragment MessageFields on Message {
  id
  direction
  status
  from
  to
  cc
  bcc
  subject
  text
  html
  labels
  rfcMessageId
  inReplyTo
  inbox {
    id
  }
  thread {
    id
  }
  recipients {
    address
    kind
    status
    smtpCode
    diagnostic
  }
  attachments {
    id
    filename
    contentType
    size
  }
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<SendookSendMessageMutation, SendookSendMessageMutationVariables>;
export const SendookReplyToMessageDocument = new TypedDocumentString(`
    mutation SendookReplyToMessage($id: ID!, $input: ReplyInput!) {
  replyToMessage(id: $id, input: $input) {
    ...MessageFields
  }
}
    fragment MessageFields on Message {
  id
  direction
  status
  from
  to
  cc
  bcc
  subject
  text
  html
  labels
  rfcMessageId
  inReplyTo
  inbox {
    id
  }
  thread {
    id
  }
  recipients {
    address
    kind
    status
    smtpCode
    diagnostic
  }
  attachments {
    id
    filename
    contentType
    size
  }
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<SendookReplyToMessageMutation, SendookReplyToMessageMutationVariables>;
export const SendookListMessagesDocument = new TypedDocumentString(`
    query SendookListMessages($first: Int, $after: String, $filter: MessageFilter) {
  messages(first: $first, after: $after, filter: $filter) {
    edges {
      node {
        ...MessageFields
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    fragment MessageFields on Message {
  id
  direction
  status
  from
  to
  cc
  bcc
  subject
  text
  html
  labels
  rfcMessageId
  inReplyTo
  inbox {
    id
  }
  thread {
    id
  }
  recipients {
    address
    kind
    status
    smtpCode
    diagnostic
  }
  attachments {
    id
    filename
    contentType
    size
  }
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<SendookListMessagesQuery, SendookListMessagesQueryVariables>;
export const SendookGetMessageDocument = new TypedDocumentString(`
    query SendookGetMessage($id: ID!) {
  message(id: $id) {
    ...MessageFields
  }
}
    fragment MessageFields on Message {
  id
  direction
  status
  from
  to
  cc
  bcc
  subject
  text
  html
  labels
  rfcMessageId
  inReplyTo
  inbox {
    id
  }
  thread {
    id
  }
  recipients {
    address
    kind
    status
    smtpCode
    diagnostic
  }
  attachments {
    id
    filename
    contentType
    size
  }
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<SendookGetMessageQuery, SendookGetMessageQueryVariables>;
export const SendookListDeliveriesDocument = new TypedDocumentString(`
    query SendookListDeliveries($first: Int, $after: String, $filter: DeliveryFilter) {
  deliveries(first: $first, after: $after, filter: $filter) {
    edges {
      node {
        ...DeliveryFields
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    fragment DeliveryFields on Delivery {
  id
  status
  test
  attemptCount
  nextAttemptAt
  lastError
  createdAt
  updatedAt
  webhook {
    id
  }
  event {
    id
    type
  }
  attempts {
    id
    number
    trigger
    succeeded
    url
    responseStatus
    error
    durationMs
    createdAt
  }
}`) as unknown as TypedDocumentString<SendookListDeliveriesQuery, SendookListDeliveriesQueryVariables>;
export const SendookGetDeliveryDocument = new TypedDocumentString(`
    query SendookGetDelivery($id: ID!) {
  delivery(id: $id) {
    ...DeliveryFields
  }
}
    fragment DeliveryFields on Delivery {
  id
  status
  test
  attemptCount
  nextAttemptAt
  lastError
  createdAt
  updatedAt
  webhook {
    id
  }
  event {
    id
    type
  }
  attempts {
    id
    number
    trigger
    succeeded
    url
    responseStatus
    error
    durationMs
    createdAt
  }
}`) as unknown as TypedDocumentString<SendookGetDeliveryQuery, SendookGetDeliveryQueryVariables>;
export const SendookRetryDeliveryDocument = new TypedDocumentString(`
    mutation SendookRetryDelivery($id: ID!) {
  retryDelivery(id: $id) {
    ...DeliveryFields
  }
}
    fragment DeliveryFields on Delivery {
  id
  status
  test
  attemptCount
  nextAttemptAt
  lastError
  createdAt
  updatedAt
  webhook {
    id
  }
  event {
    id
    type
  }
  attempts {
    id
    number
    trigger
    succeeded
    url
    responseStatus
    error
    durationMs
    createdAt
  }
}`) as unknown as TypedDocumentString<SendookRetryDeliveryMutation, SendookRetryDeliveryMutationVariables>;