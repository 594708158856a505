/* eslint-disable */
import * as types from './graphql.js';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  fragment WebhookFields on Webhook {\n    id\n    url\n    events\n    description\n    enabled\n    disabledReason\n    secret\n    headers\n    inboxIds\n    rateLimitPerSecond\n    health {\n      status\n      consecutiveFailures\n      failingSince\n      lastSuccessAt\n      lastFailureAt\n      disableAt\n    }\n    createdAt\n    updatedAt\n  }\n": typeof types.WebhookFieldsFragmentDoc,
    "\n  fragment DeliveryFields on Delivery {\n    id\n    status\n    test\n    attemptCount\n    nextAttemptAt\n    lastError\n    createdAt\n    updatedAt\n    webhook {\n      id\n    }\n    event {\n      id\n      type\n    }\n    attempts {\n      id\n      number\n      trigger\n      succeeded\n      url\n      responseStatus\n      error\n      durationMs\n      createdAt\n    }\n  }\n": typeof types.DeliveryFieldsFragmentDoc,
    "\n  fragment InboxFields on Inbox {\n    id\n    name\n    email\n    createdAt\n    updatedAt\n  }\n": typeof types.InboxFieldsFragmentDoc,
    "\n  fragment MessageFields on Message {\n    id\n    direction\n    status\n    from\n    to\n    cc\n    bcc\n    subject\n    text\n    html\n    labels\n    rfcMessageId\n    inReplyTo\n    inbox {\n      id\n    }\n    thread {\n      id\n    }\n    recipients {\n      address\n      kind\n      status\n      smtpCode\n      diagnostic\n    }\n    attachments {\n      id\n      filename\n      contentType\n      size\n    }\n    createdAt\n    updatedAt\n  }\n": typeof types.MessageFieldsFragmentDoc,
    "\n  mutation SendookCreateWebhook($input: CreateWebhookInput!) {\n    createWebhook(input: $input) {\n      ...WebhookFields\n    }\n  }\n": typeof types.SendookCreateWebhookDocument,
    "\n  query SendookListWebhooks($first: Int, $after: String) {\n    webhooks(first: $first, after: $after) {\n      edges {\n        node {\n          ...WebhookFields\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.SendookListWebhooksDocument,
    "\n  query SendookGetWebhook($id: ID!) {\n    webhook(id: $id) {\n      ...WebhookFields\n    }\n  }\n": typeof types.SendookGetWebhookDocument,
    "\n  mutation SendookUpdateWebhook($id: ID!, $input: UpdateWebhookInput!) {\n    updateWebhook(id: $id, input: $input) {\n      ...WebhookFields\n    }\n  }\n": typeof types.SendookUpdateWebhookDocument,
    "\n  mutation SendookDeleteWebhook($id: ID!) {\n    deleteWebhook(id: $id) {\n      ...WebhookFields\n    }\n  }\n": typeof types.SendookDeleteWebhookDocument,
    "\n  mutation SendookTestWebhook($id: ID!) {\n    testWebhook(id: $id) {\n      ...DeliveryFields\n    }\n  }\n": typeof types.SendookTestWebhookDocument,
    "\n  mutation SendookCreateInbox($input: CreateInboxInput) {\n    createInbox(input: $input) {\n      ...InboxFields\n    }\n  }\n": typeof types.SendookCreateInboxDocument,
    "\n  query SendookListInboxes($first: Int, $after: String) {\n    inboxes(first: $first, after: $after) {\n      edges {\n        node {\n          ...InboxFields\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.SendookListInboxesDocument,
    "\n  query SendookGetInbox($id: ID!) {\n    inbox(id: $id) {\n      ...InboxFields\n    }\n  }\n": typeof types.SendookGetInboxDocument,
    "\n  mutation SendookDeleteInbox($id: ID!) {\n    deleteInbox(id: $id) {\n      ...InboxFields\n    }\n  }\n": typeof types.SendookDeleteInboxDocument,
    "\n  mutation SendookSendMessage($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      ...MessageFields\n    }\n  }\n": typeof types.SendookSendMessageDocument,
    "\n  mutation SendookReplyToMessage($id: ID!, $input: ReplyInput!) {\n    replyToMessage(id: $id, input: $input) {\n      ...MessageFields\n    }\n  }\n": typeof types.SendookReplyToMessageDocument,
    "\n  query SendookListMessages($first: Int, $after: String, $filter: MessageFilter) {\n    messages(first: $first, after: $after, filter: $filter) {\n      edges {\n        node {\n          ...MessageFields\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.SendookListMessagesDocument,
    "\n  query SendookGetMessage($id: ID!) {\n    message(id: $id) {\n      ...MessageFields\n    }\n  }\n": typeof types.SendookGetMessageDocument,
    "\n  query SendookListDeliveries($first: Int, $after: String, $filter: DeliveryFilter) {\n    deliveries(first: $first, after: $after, filter: $filter) {\n      edges {\n        node {\n          ...DeliveryFields\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.SendookListDeliveriesDocument,
    "\n  query SendookGetDelivery($id: ID!) {\n    delivery(id: $id) {\n      ...DeliveryFields\n    }\n  }\n": typeof types.SendookGetDeliveryDocument,
    "\n  mutation SendookRetryDelivery($id: ID!) {\n    retryDelivery(id: $id) {\n      ...DeliveryFields\n    }\n  }\n": typeof types.SendookRetryDeliveryDocument,
};
const documents: Documents = {
    "\n  fragment WebhookFields on Webhook {\n    id\n    url\n    events\n    description\n    enabled\n    disabledReason\n    secret\n    headers\n    inboxIds\n    rateLimitPerSecond\n    health {\n      status\n      consecutiveFailures\n      failingSince\n      lastSuccessAt\n      lastFailureAt\n      disableAt\n    }\n    createdAt\n    updatedAt\n  }\n": types.WebhookFieldsFragmentDoc,
    "\n  fragment DeliveryFields on Delivery {\n    id\n    status\n    test\n    attemptCount\n    nextAttemptAt\n    lastError\n    createdAt\n    updatedAt\n    webhook {\n      id\n    }\n    event {\n      id\n      type\n    }\n    attempts {\n      id\n      number\n      trigger\n      succeeded\n      url\n      responseStatus\n      error\n      durationMs\n      createdAt\n    }\n  }\n": types.DeliveryFieldsFragmentDoc,
    "\n  fragment InboxFields on Inbox {\n    id\n    name\n    email\n    createdAt\n    updatedAt\n  }\n": types.InboxFieldsFragmentDoc,
    "\n  fragment MessageFields on Message {\n    id\n    direction\n    status\n    from\n    to\n    cc\n    bcc\n    subject\n    text\n    html\n    labels\n    rfcMessageId\n    inReplyTo\n    inbox {\n      id\n    }\n    thread {\n      id\n    }\n    recipients {\n      address\n      kind\n      status\n      smtpCode\n      diagnostic\n    }\n    attachments {\n      id\n      filename\n      contentType\n      size\n    }\n    createdAt\n    updatedAt\n  }\n": types.MessageFieldsFragmentDoc,
    "\n  mutation SendookCreateWebhook($input: CreateWebhookInput!) {\n    createWebhook(input: $input) {\n      ...WebhookFields\n    }\n  }\n": types.SendookCreateWebhookDocument,
    "\n  query SendookListWebhooks($first: Int, $after: String) {\n    webhooks(first: $first, after: $after) {\n      edges {\n        node {\n          ...WebhookFields\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.SendookListWebhooksDocument,
    "\n  query SendookGetWebhook($id: ID!) {\n    webhook(id: $id) {\n      ...WebhookFields\n    }\n  }\n": types.SendookGetWebhookDocument,
    "\n  mutation SendookUpdateWebhook($id: ID!, $input: UpdateWebhookInput!) {\n    updateWebhook(id: $id, input: $input) {\n      ...WebhookFields\n    }\n  }\n": types.SendookUpdateWebhookDocument,
    "\n  mutation SendookDeleteWebhook($id: ID!) {\n    deleteWebhook(id: $id) {\n      ...WebhookFields\n    }\n  }\n": types.SendookDeleteWebhookDocument,
    "\n  mutation SendookTestWebhook($id: ID!) {\n    testWebhook(id: $id) {\n      ...DeliveryFields\n    }\n  }\n": types.SendookTestWebhookDocument,
    "\n  mutation SendookCreateInbox($input: CreateInboxInput) {\n    createInbox(input: $input) {\n      ...InboxFields\n    }\n  }\n": types.SendookCreateInboxDocument,
    "\n  query SendookListInboxes($first: Int, $after: String) {\n    inboxes(first: $first, after: $after) {\n      edges {\n        node {\n          ...InboxFields\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.SendookListInboxesDocument,
    "\n  query SendookGetInbox($id: ID!) {\n    inbox(id: $id) {\n      ...InboxFields\n    }\n  }\n": types.SendookGetInboxDocument,
    "\n  mutation SendookDeleteInbox($id: ID!) {\n    deleteInbox(id: $id) {\n      ...InboxFields\n    }\n  }\n": types.SendookDeleteInboxDocument,
    "\n  mutation SendookSendMessage($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      ...MessageFields\n    }\n  }\n": types.SendookSendMessageDocument,
    "\n  mutation SendookReplyToMessage($id: ID!, $input: ReplyInput!) {\n    replyToMessage(id: $id, input: $input) {\n      ...MessageFields\n    }\n  }\n": types.SendookReplyToMessageDocument,
    "\n  query SendookListMessages($first: Int, $after: String, $filter: MessageFilter) {\n    messages(first: $first, after: $after, filter: $filter) {\n      edges {\n        node {\n          ...MessageFields\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.SendookListMessagesDocument,
    "\n  query SendookGetMessage($id: ID!) {\n    message(id: $id) {\n      ...MessageFields\n    }\n  }\n": types.SendookGetMessageDocument,
    "\n  query SendookListDeliveries($first: Int, $after: String, $filter: DeliveryFilter) {\n    deliveries(first: $first, after: $after, filter: $filter) {\n      edges {\n        node {\n          ...DeliveryFields\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.SendookListDeliveriesDocument,
    "\n  query SendookGetDelivery($id: ID!) {\n    delivery(id: $id) {\n      ...DeliveryFields\n    }\n  }\n": types.SendookGetDeliveryDocument,
    "\n  mutation SendookRetryDelivery($id: ID!) {\n    retryDelivery(id: $id) {\n      ...DeliveryFields\n    }\n  }\n": types.SendookRetryDeliveryDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment WebhookFields on Webhook {\n    id\n    url\n    events\n    description\n    enabled\n    disabledReason\n    secret\n    headers\n    inboxIds\n    rateLimitPerSecond\n    health {\n      status\n      consecutiveFailures\n      failingSince\n      lastSuccessAt\n      lastFailureAt\n      disableAt\n    }\n    createdAt\n    updatedAt\n  }\n"): typeof import('./graphql.js').WebhookFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment DeliveryFields on Delivery {\n    id\n    status\n    test\n    attemptCount\n    nextAttemptAt\n    lastError\n    createdAt\n    updatedAt\n    webhook {\n      id\n    }\n    event {\n      id\n      type\n    }\n    attempts {\n      id\n      number\n      trigger\n      succeeded\n      url\n      responseStatus\n      error\n      durationMs\n      createdAt\n    }\n  }\n"): typeof import('./graphql.js').DeliveryFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment InboxFields on Inbox {\n    id\n    name\n    email\n    createdAt\n    updatedAt\n  }\n"): typeof import('./graphql.js').InboxFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment MessageFields on Message {\n    id\n    direction\n    status\n    from\n    to\n    cc\n    bcc\n    subject\n    text\n    html\n    labels\n    rfcMessageId\n    inReplyTo\n    inbox {\n      id\n    }\n    thread {\n      id\n    }\n    recipients {\n      address\n      kind\n      status\n      smtpCode\n      diagnostic\n    }\n    attachments {\n      id\n      filename\n      contentType\n      size\n    }\n    createdAt\n    updatedAt\n  }\n"): typeof import('./graphql.js').MessageFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SendookCreateWebhook($input: CreateWebhookInput!) {\n    createWebhook(input: $input) {\n      ...WebhookFields\n    }\n  }\n"): typeof import('./graphql.js').SendookCreateWebhookDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SendookListWebhooks($first: Int, $after: String) {\n    webhooks(first: $first, after: $after) {\n      edges {\n        node {\n          ...WebhookFields\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): typeof import('./graphql.js').SendookListWebhooksDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SendookGetWebhook($id: ID!) {\n    webhook(id: $id) {\n      ...WebhookFields\n    }\n  }\n"): typeof import('./graphql.js').SendookGetWebhookDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SendookUpdateWebhook($id: ID!, $input: UpdateWebhookInput!) {\n    updateWebhook(id: $id, input: $input) {\n      ...WebhookFields\n    }\n  }\n"): typeof import('./graphql.js').SendookUpdateWebhookDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SendookDeleteWebhook($id: ID!) {\n    deleteWebhook(id: $id) {\n      ...WebhookFields\n    }\n  }\n"): typeof import('./graphql.js').SendookDeleteWebhookDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SendookTestWebhook($id: ID!) {\n    testWebhook(id: $id) {\n      ...DeliveryFields\n    }\n  }\n"): typeof import('./graphql.js').SendookTestWebhookDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SendookCreateInbox($input: CreateInboxInput) {\n    createInbox(input: $input) {\n      ...InboxFields\n    }\n  }\n"): typeof import('./graphql.js').SendookCreateInboxDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SendookListInboxes($first: Int, $after: String) {\n    inboxes(first: $first, after: $after) {\n      edges {\n        node {\n          ...InboxFields\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): typeof import('./graphql.js').SendookListInboxesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SendookGetInbox($id: ID!) {\n    inbox(id: $id) {\n      ...InboxFields\n    }\n  }\n"): typeof import('./graphql.js').SendookGetInboxDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SendookDeleteInbox($id: ID!) {\n    deleteInbox(id: $id) {\n      ...InboxFields\n    }\n  }\n"): typeof import('./graphql.js').SendookDeleteInboxDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SendookSendMessage($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      ...MessageFields\n    }\n  }\n"): typeof import('./graphql.js').SendookSendMessageDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SendookReplyToMessage($id: ID!, $input: ReplyInput!) {\n    replyToMessage(id: $id, input: $input) {\n      ...MessageFields\n    }\n  }\n"): typeof import('./graphql.js').SendookReplyToMessageDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SendookListMessages($first: Int, $after: String, $filter: MessageFilter) {\n    messages(first: $first, after: $after, filter: $filter) {\n      edges {\n        node {\n          ...MessageFields\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): typeof import('./graphql.js').SendookListMessagesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SendookGetMessage($id: ID!) {\n    message(id: $id) {\n      ...MessageFields\n    }\n  }\n"): typeof import('./graphql.js').SendookGetMessageDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SendookListDeliveries($first: Int, $after: String, $filter: DeliveryFilter) {\n    deliveries(first: $first, after: $after, filter: $filter) {\n      edges {\n        node {\n          ...DeliveryFields\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): typeof import('./graphql.js').SendookListDeliveriesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SendookGetDelivery($id: ID!) {\n    delivery(id: $id) {\n      ...DeliveryFields\n    }\n  }\n"): typeof import('./graphql.js').SendookGetDeliveryDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SendookRetryDelivery($id: ID!) {\n    retryDelivery(id: $id) {\n      ...DeliveryFields\n    }\n  }\n"): typeof import('./graphql.js').SendookRetryDeliveryDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
