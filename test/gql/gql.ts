/* eslint-disable */
import * as types from './graphql.ts';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

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
    "\n  query WebhookHealth($id: ID!) {\n    webhook(id: $id) {\n      id\n      enabled\n      disabledReason\n      health {\n        status\n        consecutiveFailures\n        failingSince\n        lastSuccessAt\n        lastFailureAt\n        disableAt\n        attempts24h\n        successRate24h\n        p50DurationMs24h\n        p95DurationMs24h\n      }\n    }\n  }\n": typeof types.WebhookHealthDocument,
    "\n  mutation RecoverWebhook($id: ID!, $since: DateTime!) {\n    recoverWebhook(id: $id, since: $since) {\n      id\n      total\n      pending\n      succeeded\n      failed\n      since\n      webhook {\n        id\n      }\n    }\n  }\n": typeof types.RecoverWebhookDocument,
    "\n  query GetWebhookRecovery($id: ID!) {\n    webhookRecovery(id: $id) {\n      id\n      total\n      pending\n      succeeded\n      failed\n    }\n  }\n": typeof types.GetWebhookRecoveryDocument,
    "\n  query DeliveriesOfWebhook($webhookId: ID!) {\n    deliveries(first: 100, filter: { webhookId: $webhookId }) {\n      edges {\n        node {\n          id\n          status\n          lastError\n          attemptCount\n          nextAttemptAt\n          event {\n            id\n            type\n          }\n          attempts {\n            number\n            trigger\n            succeeded\n            responseStatus\n            createdAt\n          }\n        }\n      }\n    }\n  }\n": typeof types.DeliveriesOfWebhookDocument,
    "\n  fragment MessageFields on Message {\n    id\n    direction\n    status\n    from\n    fromName\n    to\n    cc\n    replyTo\n    subject\n    text\n    html\n    rfcMessageId\n    inReplyTo\n    references\n    sizeBytes\n    inbox {\n      id\n    }\n    thread {\n      id\n      messageCount\n    }\n    attachments {\n      id\n      filename\n      contentType\n      size\n      contentId\n      inline\n      contentBase64\n    }\n    events {\n      id\n      type\n    }\n    createdAt\n  }\n": typeof types.MessageFieldsFragmentDoc,
    "\n  query ListMessages($first: Int, $after: String, $filter: MessageFilter) {\n    messages(first: $first, after: $after, filter: $filter) {\n      edges {\n        node {\n          ...MessageFields\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.ListMessagesDocument,
    "\n  query GetMessage($id: ID!) {\n    message(id: $id) {\n      ...MessageFields\n    }\n  }\n": typeof types.GetMessageDocument,
    "\n  query ListThreads($inboxId: ID) {\n    threads(inboxId: $inboxId) {\n      edges {\n        node {\n          id\n          subject\n          messageCount\n          lastMessageAt\n          messages {\n            edges {\n              node {\n                id\n                subject\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.ListThreadsDocument,
    "\n  query GetThread($id: ID!) {\n    thread(id: $id) {\n      id\n      messageCount\n      inbox {\n        id\n      }\n    }\n  }\n": typeof types.GetThreadDocument,
    "\n  query InboxMail($id: ID!) {\n    inbox(id: $id) {\n      messages {\n        edges {\n          node {\n            id\n          }\n        }\n      }\n      threads {\n        edges {\n          node {\n            id\n          }\n        }\n      }\n    }\n  }\n": typeof types.InboxMailDocument,
    "\n  fragment OutboundFields on Message {\n    id\n    status\n    subject\n    to\n    cc\n    bcc\n    rfcMessageId\n    inReplyTo\n    references\n    parentMessageId\n    thread {\n      id\n    }\n    recipients {\n      address\n      kind\n      status\n      smtpCode\n      enhancedStatus\n      diagnostic\n      bounceType\n      attempts\n    }\n    events {\n      id\n      type\n      payload\n    }\n  }\n": typeof types.OutboundFieldsFragmentDoc,
    "\n  mutation SendMessage($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      ...OutboundFields\n    }\n  }\n": typeof types.SendMessageDocument,
    "\n  mutation ReplyToMessage($id: ID!, $input: ReplyInput!) {\n    replyToMessage(id: $id, input: $input) {\n      ...OutboundFields\n    }\n  }\n": typeof types.ReplyToMessageDocument,
    "\n  query GetOutbound($id: ID!) {\n    message(id: $id) {\n      ...OutboundFields\n    }\n  }\n": typeof types.GetOutboundDocument,
    "\n  query ListSuppressions {\n    suppressions(first: 50) {\n      edges {\n        node {\n          email\n          reason\n          detail\n          message {\n            id\n          }\n        }\n      }\n    }\n  }\n": typeof types.ListSuppressionsDocument,
    "\n  mutation DeleteSuppression($email: String!) {\n    deleteSuppression(email: $email) {\n      email\n      reason\n    }\n  }\n": typeof types.DeleteSuppressionDocument,
    "\n  mutation CreateWebhook($input: CreateWebhookInput!) {\n    createWebhook(input: $input) {\n      id\n      url\n      events\n      description\n      enabled\n      secret\n      createdAt\n    }\n  }\n": typeof types.CreateWebhookDocument,
    "\n  mutation UpdateWebhook($id: ID!, $input: UpdateWebhookInput!) {\n    updateWebhook(id: $id, input: $input) {\n      id\n      url\n      events\n      description\n      enabled\n      disabledReason\n    }\n  }\n": typeof types.UpdateWebhookDocument,
    "\n  mutation DeleteWebhook($id: ID!) {\n    deleteWebhook(id: $id) {\n      id\n    }\n  }\n": typeof types.DeleteWebhookDocument,
    "\n  mutation RotateWebhookSecret($id: ID!) {\n    rotateWebhookSecret(id: $id) {\n      id\n      secret\n    }\n  }\n": typeof types.RotateWebhookSecretDocument,
    "\n  mutation TestWebhook($id: ID!) {\n    testWebhook(id: $id) {\n      ...DeliveryDetails\n    }\n  }\n": typeof types.TestWebhookDocument,
    "\n  mutation RetryDelivery($id: ID!) {\n    retryDelivery(id: $id) {\n      ...DeliveryDetails\n    }\n  }\n": typeof types.RetryDeliveryDocument,
    "\n  fragment DeliveryDetails on Delivery {\n    id\n    status\n    test\n    attemptCount\n    nextAttemptAt\n    createdAt\n    updatedAt\n    webhook {\n      id\n    }\n    event {\n      id\n      type\n    }\n    attempts {\n      id\n      number\n      trigger\n      succeeded\n      url\n      requestHeaders\n      requestBody\n      responseStatus\n      responseHeaders\n      responseBody\n      error\n      errorKind\n      durationMs\n      createdAt\n    }\n  }\n": typeof types.DeliveryDetailsFragmentDoc,
    "\n  query GetDelivery($id: ID!) {\n    delivery(id: $id) {\n      ...DeliveryDetails\n    }\n  }\n": typeof types.GetDeliveryDocument,
    "\n  query ListDeliveries($first: Int, $after: String, $filter: DeliveryFilter) {\n    deliveries(first: $first, after: $after, filter: $filter) {\n      edges {\n        cursor\n        node {\n          ...DeliveryDetails\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.ListDeliveriesDocument,
    "\n  query WebhookWithDeliveries($id: ID!, $status: DeliveryStatus) {\n    webhook(id: $id) {\n      id\n      url\n      secret\n      deliveries(first: 50, status: $status) {\n        edges {\n          node {\n            id\n            status\n            test\n          }\n        }\n      }\n    }\n  }\n": typeof types.WebhookWithDeliveriesDocument,
    "\n  query ListWebhooks($first: Int, $after: String) {\n    webhooks(first: $first, after: $after) {\n      edges {\n        node {\n          id\n          url\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.ListWebhooksDocument,
    "\n  query GetWebhook($id: ID!) {\n    webhook(id: $id) {\n      id\n      url\n      events\n      enabled\n      secret\n    }\n  }\n": typeof types.GetWebhookDocument,
    "\n  mutation CreateInbox($input: CreateInboxInput) {\n    createInbox(input: $input) {\n      id\n      name\n      email\n      createdAt\n      updatedAt\n    }\n  }\n": typeof types.CreateInboxDocument,
    "\n  mutation UpdateInbox($id: ID!, $input: UpdateInboxInput!) {\n    updateInbox(id: $id, input: $input) {\n      id\n      name\n      email\n      updatedAt\n    }\n  }\n": typeof types.UpdateInboxDocument,
    "\n  mutation DeleteInbox($id: ID!) {\n    deleteInbox(id: $id) {\n      id\n    }\n  }\n": typeof types.DeleteInboxDocument,
    "\n  query GetInbox($id: ID!) {\n    inbox(id: $id) {\n      id\n      name\n      email\n    }\n  }\n": typeof types.GetInboxDocument,
    "\n  query ListInboxes($first: Int, $after: String) {\n    inboxes(first: $first, after: $after) {\n      edges {\n        node {\n          id\n          email\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.ListInboxesDocument,
    "\n  query ListEvents($first: Int, $after: String, $filter: EventFilter) {\n    events(first: $first, after: $after, filter: $filter) {\n      edges {\n        node {\n          id\n          type\n          inboxId\n          messageId\n          payload\n          createdAt\n          deliveries {\n            id\n            status\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.ListEventsDocument,
    "\n  query GetEvent($id: ID!) {\n    event(id: $id) {\n      id\n      type\n      payload\n    }\n  }\n": typeof types.GetEventDocument,
    "\n  query Viewer {\n    viewer {\n      id\n      name\n      createdAt\n    }\n    eventTypes {\n      name\n      description\n    }\n  }\n": typeof types.ViewerDocument,
    "\n  mutation CreateApiKey($input: CreateApiKeyInput!) {\n    createApiKey(input: $input) {\n      apiKey {\n        id\n        name\n        createdAt\n        revokedAt\n      }\n      secret\n    }\n  }\n": typeof types.CreateApiKeyDocument,
    "\n  mutation RevokeApiKey($id: ID!) {\n    revokeApiKey(id: $id) {\n      id\n      revokedAt\n    }\n  }\n": typeof types.RevokeApiKeyDocument,
    "\n  mutation CreateOrganization($input: CreateOrganizationInput!) {\n    createOrganization(input: $input) {\n      organization {\n        id\n        name\n      }\n      apiKey {\n        id\n        name\n      }\n      secret\n    }\n  }\n": typeof types.CreateOrganizationDocument,
    "\n  subscription Events($types: [String!], $inboxId: ID, $after: ID) {\n    events(types: $types, inboxId: $inboxId, after: $after) {\n      id\n      type\n      inboxId\n      messageId\n      payload\n      createdAt\n    }\n  }\n": typeof types.EventsDocument,
    "\n  subscription DeliveryAttempts($webhookId: ID) {\n    deliveryAttempts(webhookId: $webhookId) {\n      id\n      number\n      trigger\n      succeeded\n      responseStatus\n      delivery {\n        id\n        status\n        webhook {\n          id\n        }\n      }\n    }\n  }\n": typeof types.DeliveryAttemptsDocument,
    "\n  query WhoAmI {\n    viewer {\n      id\n      name\n    }\n  }\n": typeof types.WhoAmIDocument,
    "\n  query WebhookState($id: ID!) {\n    webhook(id: $id) {\n      id\n      url\n      events\n      description\n      enabled\n      disabledReason\n      secret\n      updatedAt\n      deliveries(first: 100) {\n        edges {\n          node {\n            id\n            status\n            attemptCount\n          }\n        }\n      }\n    }\n  }\n": typeof types.WebhookStateDocument,
    "\n  query InboxState($id: ID!) {\n    inbox(id: $id) {\n      id\n      name\n      email\n      updatedAt\n    }\n  }\n": typeof types.InboxStateDocument,
    "\n  query DeliveryState($id: ID!) {\n    delivery(id: $id) {\n      id\n      status\n      attemptCount\n      attempts {\n        id\n        number\n      }\n    }\n  }\n": typeof types.DeliveryStateDocument,
    "\n  query EventState($id: ID!) {\n    event(id: $id) {\n      id\n      type\n      inboxId\n    }\n  }\n": typeof types.EventStateDocument,
    "\n  query EverythingVisible($first: Int) {\n    webhooks(first: $first) {\n      edges {\n        node {\n          id\n        }\n      }\n    }\n    deliveries(first: $first) {\n      edges {\n        node {\n          id\n          webhook {\n            id\n          }\n          event {\n            id\n          }\n        }\n      }\n    }\n    events(first: $first) {\n      edges {\n        node {\n          id\n          inboxId\n          deliveries {\n            id\n          }\n        }\n      }\n    }\n    inboxes(first: $first) {\n      edges {\n        node {\n          id\n        }\n      }\n    }\n  }\n": typeof types.EverythingVisibleDocument,
    "\n  query DeliveriesPage($first: Int, $filter: DeliveryFilter) {\n    deliveries(first: $first, filter: $filter) {\n      edges {\n        node {\n          id\n        }\n      }\n    }\n  }\n": typeof types.DeliveriesPageDocument,
    "\n  query EventsPage($first: Int, $filter: EventFilter) {\n    events(first: $first, filter: $filter) {\n      edges {\n        node {\n          id\n        }\n      }\n    }\n  }\n": typeof types.EventsPageDocument,
    "\n  query InboxesPage($first: Int) {\n    inboxes(first: $first) {\n      edges {\n        node {\n          id\n        }\n      }\n    }\n  }\n": typeof types.InboxesPageDocument,
    "\n  mutation CreateWebhookWithOptions($input: CreateWebhookInput!) {\n    createWebhook(input: $input) {\n      id\n      secret\n      headers\n      inboxIds\n      rateLimitPerSecond\n    }\n  }\n": typeof types.CreateWebhookWithOptionsDocument,
    "\n  mutation UpdateWebhookOptions($id: ID!, $input: UpdateWebhookInput!) {\n    updateWebhook(id: $id, input: $input) {\n      id\n      description\n      headers\n      inboxIds\n      rateLimitPerSecond\n    }\n  }\n": typeof types.UpdateWebhookOptionsDocument,
    "\n  query WebhookOptions($id: ID!) {\n    webhook(id: $id) {\n      id\n      url\n      events\n      description\n      headers\n      inboxIds\n      rateLimitPerSecond\n      updatedAt\n    }\n  }\n": typeof types.WebhookOptionsDocument,
};
const documents: Documents = {
    "\n  query WebhookHealth($id: ID!) {\n    webhook(id: $id) {\n      id\n      enabled\n      disabledReason\n      health {\n        status\n        consecutiveFailures\n        failingSince\n        lastSuccessAt\n        lastFailureAt\n        disableAt\n        attempts24h\n        successRate24h\n        p50DurationMs24h\n        p95DurationMs24h\n      }\n    }\n  }\n": types.WebhookHealthDocument,
    "\n  mutation RecoverWebhook($id: ID!, $since: DateTime!) {\n    recoverWebhook(id: $id, since: $since) {\n      id\n      total\n      pending\n      succeeded\n      failed\n      since\n      webhook {\n        id\n      }\n    }\n  }\n": types.RecoverWebhookDocument,
    "\n  query GetWebhookRecovery($id: ID!) {\n    webhookRecovery(id: $id) {\n      id\n      total\n      pending\n      succeeded\n      failed\n    }\n  }\n": types.GetWebhookRecoveryDocument,
    "\n  query DeliveriesOfWebhook($webhookId: ID!) {\n    deliveries(first: 100, filter: { webhookId: $webhookId }) {\n      edges {\n        node {\n          id\n          status\n          lastError\n          attemptCount\n          nextAttemptAt\n          event {\n            id\n            type\n          }\n          attempts {\n            number\n            trigger\n            succeeded\n            responseStatus\n            createdAt\n          }\n        }\n      }\n    }\n  }\n": types.DeliveriesOfWebhookDocument,
    "\n  fragment MessageFields on Message {\n    id\n    direction\n    status\n    from\n    fromName\n    to\n    cc\n    replyTo\n    subject\n    text\n    html\n    rfcMessageId\n    inReplyTo\n    references\n    sizeBytes\n    inbox {\n      id\n    }\n    thread {\n      id\n      messageCount\n    }\n    attachments {\n      id\n      filename\n      contentType\n      size\n      contentId\n      inline\n      contentBase64\n    }\n    events {\n      id\n      type\n    }\n    createdAt\n  }\n": types.MessageFieldsFragmentDoc,
    "\n  query ListMessages($first: Int, $after: String, $filter: MessageFilter) {\n    messages(first: $first, after: $after, filter: $filter) {\n      edges {\n        node {\n          ...MessageFields\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.ListMessagesDocument,
    "\n  query GetMessage($id: ID!) {\n    message(id: $id) {\n      ...MessageFields\n    }\n  }\n": types.GetMessageDocument,
    "\n  query ListThreads($inboxId: ID) {\n    threads(inboxId: $inboxId) {\n      edges {\n        node {\n          id\n          subject\n          messageCount\n          lastMessageAt\n          messages {\n            edges {\n              node {\n                id\n                subject\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n": types.ListThreadsDocument,
    "\n  query GetThread($id: ID!) {\n    thread(id: $id) {\n      id\n      messageCount\n      inbox {\n        id\n      }\n    }\n  }\n": types.GetThreadDocument,
    "\n  query InboxMail($id: ID!) {\n    inbox(id: $id) {\n      messages {\n        edges {\n          node {\n            id\n          }\n        }\n      }\n      threads {\n        edges {\n          node {\n            id\n          }\n        }\n      }\n    }\n  }\n": types.InboxMailDocument,
    "\n  fragment OutboundFields on Message {\n    id\n    status\n    subject\n    to\n    cc\n    bcc\n    rfcMessageId\n    inReplyTo\n    references\n    parentMessageId\n    thread {\n      id\n    }\n    recipients {\n      address\n      kind\n      status\n      smtpCode\n      enhancedStatus\n      diagnostic\n      bounceType\n      attempts\n    }\n    events {\n      id\n      type\n      payload\n    }\n  }\n": types.OutboundFieldsFragmentDoc,
    "\n  mutation SendMessage($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      ...OutboundFields\n    }\n  }\n": types.SendMessageDocument,
    "\n  mutation ReplyToMessage($id: ID!, $input: ReplyInput!) {\n    replyToMessage(id: $id, input: $input) {\n      ...OutboundFields\n    }\n  }\n": types.ReplyToMessageDocument,
    "\n  query GetOutbound($id: ID!) {\n    message(id: $id) {\n      ...OutboundFields\n    }\n  }\n": types.GetOutboundDocument,
    "\n  query ListSuppressions {\n    suppressions(first: 50) {\n      edges {\n        node {\n          email\n          reason\n          detail\n          message {\n            id\n          }\n        }\n      }\n    }\n  }\n": types.ListSuppressionsDocument,
    "\n  mutation DeleteSuppression($email: String!) {\n    deleteSuppression(email: $email) {\n      email\n      reason\n    }\n  }\n": types.DeleteSuppressionDocument,
    "\n  mutation CreateWebhook($input: CreateWebhookInput!) {\n    createWebhook(input: $input) {\n      id\n      url\n      events\n      description\n      enabled\n      secret\n      createdAt\n    }\n  }\n": types.CreateWebhookDocument,
    "\n  mutation UpdateWebhook($id: ID!, $input: UpdateWebhookInput!) {\n    updateWebhook(id: $id, input: $input) {\n      id\n      url\n      events\n      description\n      enabled\n      disabledReason\n    }\n  }\n": types.UpdateWebhookDocument,
    "\n  mutation DeleteWebhook($id: ID!) {\n    deleteWebhook(id: $id) {\n      id\n    }\n  }\n": types.DeleteWebhookDocument,
    "\n  mutation RotateWebhookSecret($id: ID!) {\n    rotateWebhookSecret(id: $id) {\n      id\n      secret\n    }\n  }\n": types.RotateWebhookSecretDocument,
    "\n  mutation TestWebhook($id: ID!) {\n    testWebhook(id: $id) {\n      ...DeliveryDetails\n    }\n  }\n": types.TestWebhookDocument,
    "\n  mutation RetryDelivery($id: ID!) {\n    retryDelivery(id: $id) {\n      ...DeliveryDetails\n    }\n  }\n": types.RetryDeliveryDocument,
    "\n  fragment DeliveryDetails on Delivery {\n    id\n    status\n    test\n    attemptCount\n    nextAttemptAt\n    createdAt\n    updatedAt\n    webhook {\n      id\n    }\n    event {\n      id\n      type\n    }\n    attempts {\n      id\n      number\n      trigger\n      succeeded\n      url\n      requestHeaders\n      requestBody\n      responseStatus\n      responseHeaders\n      responseBody\n      error\n      errorKind\n      durationMs\n      createdAt\n    }\n  }\n": types.DeliveryDetailsFragmentDoc,
    "\n  query GetDelivery($id: ID!) {\n    delivery(id: $id) {\n      ...DeliveryDetails\n    }\n  }\n": types.GetDeliveryDocument,
    "\n  query ListDeliveries($first: Int, $after: String, $filter: DeliveryFilter) {\n    deliveries(first: $first, after: $after, filter: $filter) {\n      edges {\n        cursor\n        node {\n          ...DeliveryDetails\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.ListDeliveriesDocument,
    "\n  query WebhookWithDeliveries($id: ID!, $status: DeliveryStatus) {\n    webhook(id: $id) {\n      id\n      url\n      secret\n      deliveries(first: 50, status: $status) {\n        edges {\n          node {\n            id\n            status\n            test\n          }\n        }\n      }\n    }\n  }\n": types.WebhookWithDeliveriesDocument,
    "\n  query ListWebhooks($first: Int, $after: String) {\n    webhooks(first: $first, after: $after) {\n      edges {\n        node {\n          id\n          url\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.ListWebhooksDocument,
    "\n  query GetWebhook($id: ID!) {\n    webhook(id: $id) {\n      id\n      url\n      events\n      enabled\n      secret\n    }\n  }\n": types.GetWebhookDocument,
    "\n  mutation CreateInbox($input: CreateInboxInput) {\n    createInbox(input: $input) {\n      id\n      name\n      email\n      createdAt\n      updatedAt\n    }\n  }\n": types.CreateInboxDocument,
    "\n  mutation UpdateInbox($id: ID!, $input: UpdateInboxInput!) {\n    updateInbox(id: $id, input: $input) {\n      id\n      name\n      email\n      updatedAt\n    }\n  }\n": types.UpdateInboxDocument,
    "\n  mutation DeleteInbox($id: ID!) {\n    deleteInbox(id: $id) {\n      id\n    }\n  }\n": types.DeleteInboxDocument,
    "\n  query GetInbox($id: ID!) {\n    inbox(id: $id) {\n      id\n      name\n      email\n    }\n  }\n": types.GetInboxDocument,
    "\n  query ListInboxes($first: Int, $after: String) {\n    inboxes(first: $first, after: $after) {\n      edges {\n        node {\n          id\n          email\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.ListInboxesDocument,
    "\n  query ListEvents($first: Int, $after: String, $filter: EventFilter) {\n    events(first: $first, after: $after, filter: $filter) {\n      edges {\n        node {\n          id\n          type\n          inboxId\n          messageId\n          payload\n          createdAt\n          deliveries {\n            id\n            status\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.ListEventsDocument,
    "\n  query GetEvent($id: ID!) {\n    event(id: $id) {\n      id\n      type\n      payload\n    }\n  }\n": types.GetEventDocument,
    "\n  query Viewer {\n    viewer {\n      id\n      name\n      createdAt\n    }\n    eventTypes {\n      name\n      description\n    }\n  }\n": types.ViewerDocument,
    "\n  mutation CreateApiKey($input: CreateApiKeyInput!) {\n    createApiKey(input: $input) {\n      apiKey {\n        id\n        name\n        createdAt\n        revokedAt\n      }\n      secret\n    }\n  }\n": types.CreateApiKeyDocument,
    "\n  mutation RevokeApiKey($id: ID!) {\n    revokeApiKey(id: $id) {\n      id\n      revokedAt\n    }\n  }\n": types.RevokeApiKeyDocument,
    "\n  mutation CreateOrganization($input: CreateOrganizationInput!) {\n    createOrganization(input: $input) {\n      organization {\n        id\n        name\n      }\n      apiKey {\n        id\n        name\n      }\n      secret\n    }\n  }\n": types.CreateOrganizationDocument,
    "\n  subscription Events($types: [String!], $inboxId: ID, $after: ID) {\n    events(types: $types, inboxId: $inboxId, after: $after) {\n      id\n      type\n      inboxId\n      messageId\n      payload\n      createdAt\n    }\n  }\n": types.EventsDocument,
    "\n  subscription DeliveryAttempts($webhookId: ID) {\n    deliveryAttempts(webhookId: $webhookId) {\n      id\n      number\n      trigger\n      succeeded\n      responseStatus\n      delivery {\n        id\n        status\n        webhook {\n          id\n        }\n      }\n    }\n  }\n": types.DeliveryAttemptsDocument,
    "\n  query WhoAmI {\n    viewer {\n      id\n      name\n    }\n  }\n": types.WhoAmIDocument,
    "\n  query WebhookState($id: ID!) {\n    webhook(id: $id) {\n      id\n      url\n      events\n      description\n      enabled\n      disabledReason\n      secret\n      updatedAt\n      deliveries(first: 100) {\n        edges {\n          node {\n            id\n            status\n            attemptCount\n          }\n        }\n      }\n    }\n  }\n": types.WebhookStateDocument,
    "\n  query InboxState($id: ID!) {\n    inbox(id: $id) {\n      id\n      name\n      email\n      updatedAt\n    }\n  }\n": types.InboxStateDocument,
    "\n  query DeliveryState($id: ID!) {\n    delivery(id: $id) {\n      id\n      status\n      attemptCount\n      attempts {\n        id\n        number\n      }\n    }\n  }\n": types.DeliveryStateDocument,
    "\n  query EventState($id: ID!) {\n    event(id: $id) {\n      id\n      type\n      inboxId\n    }\n  }\n": types.EventStateDocument,
    "\n  query EverythingVisible($first: Int) {\n    webhooks(first: $first) {\n      edges {\n        node {\n          id\n        }\n      }\n    }\n    deliveries(first: $first) {\n      edges {\n        node {\n          id\n          webhook {\n            id\n          }\n          event {\n            id\n          }\n        }\n      }\n    }\n    events(first: $first) {\n      edges {\n        node {\n          id\n          inboxId\n          deliveries {\n            id\n          }\n        }\n      }\n    }\n    inboxes(first: $first) {\n      edges {\n        node {\n          id\n        }\n      }\n    }\n  }\n": types.EverythingVisibleDocument,
    "\n  query DeliveriesPage($first: Int, $filter: DeliveryFilter) {\n    deliveries(first: $first, filter: $filter) {\n      edges {\n        node {\n          id\n        }\n      }\n    }\n  }\n": types.DeliveriesPageDocument,
    "\n  query EventsPage($first: Int, $filter: EventFilter) {\n    events(first: $first, filter: $filter) {\n      edges {\n        node {\n          id\n        }\n      }\n    }\n  }\n": types.EventsPageDocument,
    "\n  query InboxesPage($first: Int) {\n    inboxes(first: $first) {\n      edges {\n        node {\n          id\n        }\n      }\n    }\n  }\n": types.InboxesPageDocument,
    "\n  mutation CreateWebhookWithOptions($input: CreateWebhookInput!) {\n    createWebhook(input: $input) {\n      id\n      secret\n      headers\n      inboxIds\n      rateLimitPerSecond\n    }\n  }\n": types.CreateWebhookWithOptionsDocument,
    "\n  mutation UpdateWebhookOptions($id: ID!, $input: UpdateWebhookInput!) {\n    updateWebhook(id: $id, input: $input) {\n      id\n      description\n      headers\n      inboxIds\n      rateLimitPerSecond\n    }\n  }\n": types.UpdateWebhookOptionsDocument,
    "\n  query WebhookOptions($id: ID!) {\n    webhook(id: $id) {\n      id\n      url\n      events\n      description\n      headers\n      inboxIds\n      rateLimitPerSecond\n      updatedAt\n    }\n  }\n": types.WebhookOptionsDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WebhookHealth($id: ID!) {\n    webhook(id: $id) {\n      id\n      enabled\n      disabledReason\n      health {\n        status\n        consecutiveFailures\n        failingSince\n        lastSuccessAt\n        lastFailureAt\n        disableAt\n        attempts24h\n        successRate24h\n        p50DurationMs24h\n        p95DurationMs24h\n      }\n    }\n  }\n"): (typeof documents)["\n  query WebhookHealth($id: ID!) {\n    webhook(id: $id) {\n      id\n      enabled\n      disabledReason\n      health {\n        status\n        consecutiveFailures\n        failingSince\n        lastSuccessAt\n        lastFailureAt\n        disableAt\n        attempts24h\n        successRate24h\n        p50DurationMs24h\n        p95DurationMs24h\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RecoverWebhook($id: ID!, $since: DateTime!) {\n    recoverWebhook(id: $id, since: $since) {\n      id\n      total\n      pending\n      succeeded\n      failed\n      since\n      webhook {\n        id\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation RecoverWebhook($id: ID!, $since: DateTime!) {\n    recoverWebhook(id: $id, since: $since) {\n      id\n      total\n      pending\n      succeeded\n      failed\n      since\n      webhook {\n        id\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query GetWebhookRecovery($id: ID!) {\n    webhookRecovery(id: $id) {\n      id\n      total\n      pending\n      succeeded\n      failed\n    }\n  }\n"): (typeof documents)["\n  query GetWebhookRecovery($id: ID!) {\n    webhookRecovery(id: $id) {\n      id\n      total\n      pending\n      succeeded\n      failed\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DeliveriesOfWebhook($webhookId: ID!) {\n    deliveries(first: 100, filter: { webhookId: $webhookId }) {\n      edges {\n        node {\n          id\n          status\n          lastError\n          attemptCount\n          nextAttemptAt\n          event {\n            id\n            type\n          }\n          attempts {\n            number\n            trigger\n            succeeded\n            responseStatus\n            createdAt\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query DeliveriesOfWebhook($webhookId: ID!) {\n    deliveries(first: 100, filter: { webhookId: $webhookId }) {\n      edges {\n        node {\n          id\n          status\n          lastError\n          attemptCount\n          nextAttemptAt\n          event {\n            id\n            type\n          }\n          attempts {\n            number\n            trigger\n            succeeded\n            responseStatus\n            createdAt\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment MessageFields on Message {\n    id\n    direction\n    status\n    from\n    fromName\n    to\n    cc\n    replyTo\n    subject\n    text\n    html\n    rfcMessageId\n    inReplyTo\n    references\n    sizeBytes\n    inbox {\n      id\n    }\n    thread {\n      id\n      messageCount\n    }\n    attachments {\n      id\n      filename\n      contentType\n      size\n      contentId\n      inline\n      contentBase64\n    }\n    events {\n      id\n      type\n    }\n    createdAt\n  }\n"): (typeof documents)["\n  fragment MessageFields on Message {\n    id\n    direction\n    status\n    from\n    fromName\n    to\n    cc\n    replyTo\n    subject\n    text\n    html\n    rfcMessageId\n    inReplyTo\n    references\n    sizeBytes\n    inbox {\n      id\n    }\n    thread {\n      id\n      messageCount\n    }\n    attachments {\n      id\n      filename\n      contentType\n      size\n      contentId\n      inline\n      contentBase64\n    }\n    events {\n      id\n      type\n    }\n    createdAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ListMessages($first: Int, $after: String, $filter: MessageFilter) {\n    messages(first: $first, after: $after, filter: $filter) {\n      edges {\n        node {\n          ...MessageFields\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query ListMessages($first: Int, $after: String, $filter: MessageFilter) {\n    messages(first: $first, after: $after, filter: $filter) {\n      edges {\n        node {\n          ...MessageFields\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query GetMessage($id: ID!) {\n    message(id: $id) {\n      ...MessageFields\n    }\n  }\n"): (typeof documents)["\n  query GetMessage($id: ID!) {\n    message(id: $id) {\n      ...MessageFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ListThreads($inboxId: ID) {\n    threads(inboxId: $inboxId) {\n      edges {\n        node {\n          id\n          subject\n          messageCount\n          lastMessageAt\n          messages {\n            edges {\n              node {\n                id\n                subject\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query ListThreads($inboxId: ID) {\n    threads(inboxId: $inboxId) {\n      edges {\n        node {\n          id\n          subject\n          messageCount\n          lastMessageAt\n          messages {\n            edges {\n              node {\n                id\n                subject\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query GetThread($id: ID!) {\n    thread(id: $id) {\n      id\n      messageCount\n      inbox {\n        id\n      }\n    }\n  }\n"): (typeof documents)["\n  query GetThread($id: ID!) {\n    thread(id: $id) {\n      id\n      messageCount\n      inbox {\n        id\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query InboxMail($id: ID!) {\n    inbox(id: $id) {\n      messages {\n        edges {\n          node {\n            id\n          }\n        }\n      }\n      threads {\n        edges {\n          node {\n            id\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query InboxMail($id: ID!) {\n    inbox(id: $id) {\n      messages {\n        edges {\n          node {\n            id\n          }\n        }\n      }\n      threads {\n        edges {\n          node {\n            id\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment OutboundFields on Message {\n    id\n    status\n    subject\n    to\n    cc\n    bcc\n    rfcMessageId\n    inReplyTo\n    references\n    parentMessageId\n    thread {\n      id\n    }\n    recipients {\n      address\n      kind\n      status\n      smtpCode\n      enhancedStatus\n      diagnostic\n      bounceType\n      attempts\n    }\n    events {\n      id\n      type\n      payload\n    }\n  }\n"): (typeof documents)["\n  fragment OutboundFields on Message {\n    id\n    status\n    subject\n    to\n    cc\n    bcc\n    rfcMessageId\n    inReplyTo\n    references\n    parentMessageId\n    thread {\n      id\n    }\n    recipients {\n      address\n      kind\n      status\n      smtpCode\n      enhancedStatus\n      diagnostic\n      bounceType\n      attempts\n    }\n    events {\n      id\n      type\n      payload\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SendMessage($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      ...OutboundFields\n    }\n  }\n"): (typeof documents)["\n  mutation SendMessage($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      ...OutboundFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ReplyToMessage($id: ID!, $input: ReplyInput!) {\n    replyToMessage(id: $id, input: $input) {\n      ...OutboundFields\n    }\n  }\n"): (typeof documents)["\n  mutation ReplyToMessage($id: ID!, $input: ReplyInput!) {\n    replyToMessage(id: $id, input: $input) {\n      ...OutboundFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query GetOutbound($id: ID!) {\n    message(id: $id) {\n      ...OutboundFields\n    }\n  }\n"): (typeof documents)["\n  query GetOutbound($id: ID!) {\n    message(id: $id) {\n      ...OutboundFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ListSuppressions {\n    suppressions(first: 50) {\n      edges {\n        node {\n          email\n          reason\n          detail\n          message {\n            id\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query ListSuppressions {\n    suppressions(first: 50) {\n      edges {\n        node {\n          email\n          reason\n          detail\n          message {\n            id\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteSuppression($email: String!) {\n    deleteSuppression(email: $email) {\n      email\n      reason\n    }\n  }\n"): (typeof documents)["\n  mutation DeleteSuppression($email: String!) {\n    deleteSuppression(email: $email) {\n      email\n      reason\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateWebhook($input: CreateWebhookInput!) {\n    createWebhook(input: $input) {\n      id\n      url\n      events\n      description\n      enabled\n      secret\n      createdAt\n    }\n  }\n"): (typeof documents)["\n  mutation CreateWebhook($input: CreateWebhookInput!) {\n    createWebhook(input: $input) {\n      id\n      url\n      events\n      description\n      enabled\n      secret\n      createdAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateWebhook($id: ID!, $input: UpdateWebhookInput!) {\n    updateWebhook(id: $id, input: $input) {\n      id\n      url\n      events\n      description\n      enabled\n      disabledReason\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateWebhook($id: ID!, $input: UpdateWebhookInput!) {\n    updateWebhook(id: $id, input: $input) {\n      id\n      url\n      events\n      description\n      enabled\n      disabledReason\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteWebhook($id: ID!) {\n    deleteWebhook(id: $id) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation DeleteWebhook($id: ID!) {\n    deleteWebhook(id: $id) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RotateWebhookSecret($id: ID!) {\n    rotateWebhookSecret(id: $id) {\n      id\n      secret\n    }\n  }\n"): (typeof documents)["\n  mutation RotateWebhookSecret($id: ID!) {\n    rotateWebhookSecret(id: $id) {\n      id\n      secret\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TestWebhook($id: ID!) {\n    testWebhook(id: $id) {\n      ...DeliveryDetails\n    }\n  }\n"): (typeof documents)["\n  mutation TestWebhook($id: ID!) {\n    testWebhook(id: $id) {\n      ...DeliveryDetails\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RetryDelivery($id: ID!) {\n    retryDelivery(id: $id) {\n      ...DeliveryDetails\n    }\n  }\n"): (typeof documents)["\n  mutation RetryDelivery($id: ID!) {\n    retryDelivery(id: $id) {\n      ...DeliveryDetails\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment DeliveryDetails on Delivery {\n    id\n    status\n    test\n    attemptCount\n    nextAttemptAt\n    createdAt\n    updatedAt\n    webhook {\n      id\n    }\n    event {\n      id\n      type\n    }\n    attempts {\n      id\n      number\n      trigger\n      succeeded\n      url\n      requestHeaders\n      requestBody\n      responseStatus\n      responseHeaders\n      responseBody\n      error\n      errorKind\n      durationMs\n      createdAt\n    }\n  }\n"): (typeof documents)["\n  fragment DeliveryDetails on Delivery {\n    id\n    status\n    test\n    attemptCount\n    nextAttemptAt\n    createdAt\n    updatedAt\n    webhook {\n      id\n    }\n    event {\n      id\n      type\n    }\n    attempts {\n      id\n      number\n      trigger\n      succeeded\n      url\n      requestHeaders\n      requestBody\n      responseStatus\n      responseHeaders\n      responseBody\n      error\n      errorKind\n      durationMs\n      createdAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query GetDelivery($id: ID!) {\n    delivery(id: $id) {\n      ...DeliveryDetails\n    }\n  }\n"): (typeof documents)["\n  query GetDelivery($id: ID!) {\n    delivery(id: $id) {\n      ...DeliveryDetails\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ListDeliveries($first: Int, $after: String, $filter: DeliveryFilter) {\n    deliveries(first: $first, after: $after, filter: $filter) {\n      edges {\n        cursor\n        node {\n          ...DeliveryDetails\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query ListDeliveries($first: Int, $after: String, $filter: DeliveryFilter) {\n    deliveries(first: $first, after: $after, filter: $filter) {\n      edges {\n        cursor\n        node {\n          ...DeliveryDetails\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WebhookWithDeliveries($id: ID!, $status: DeliveryStatus) {\n    webhook(id: $id) {\n      id\n      url\n      secret\n      deliveries(first: 50, status: $status) {\n        edges {\n          node {\n            id\n            status\n            test\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query WebhookWithDeliveries($id: ID!, $status: DeliveryStatus) {\n    webhook(id: $id) {\n      id\n      url\n      secret\n      deliveries(first: 50, status: $status) {\n        edges {\n          node {\n            id\n            status\n            test\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ListWebhooks($first: Int, $after: String) {\n    webhooks(first: $first, after: $after) {\n      edges {\n        node {\n          id\n          url\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query ListWebhooks($first: Int, $after: String) {\n    webhooks(first: $first, after: $after) {\n      edges {\n        node {\n          id\n          url\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query GetWebhook($id: ID!) {\n    webhook(id: $id) {\n      id\n      url\n      events\n      enabled\n      secret\n    }\n  }\n"): (typeof documents)["\n  query GetWebhook($id: ID!) {\n    webhook(id: $id) {\n      id\n      url\n      events\n      enabled\n      secret\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateInbox($input: CreateInboxInput) {\n    createInbox(input: $input) {\n      id\n      name\n      email\n      createdAt\n      updatedAt\n    }\n  }\n"): (typeof documents)["\n  mutation CreateInbox($input: CreateInboxInput) {\n    createInbox(input: $input) {\n      id\n      name\n      email\n      createdAt\n      updatedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateInbox($id: ID!, $input: UpdateInboxInput!) {\n    updateInbox(id: $id, input: $input) {\n      id\n      name\n      email\n      updatedAt\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateInbox($id: ID!, $input: UpdateInboxInput!) {\n    updateInbox(id: $id, input: $input) {\n      id\n      name\n      email\n      updatedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteInbox($id: ID!) {\n    deleteInbox(id: $id) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation DeleteInbox($id: ID!) {\n    deleteInbox(id: $id) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query GetInbox($id: ID!) {\n    inbox(id: $id) {\n      id\n      name\n      email\n    }\n  }\n"): (typeof documents)["\n  query GetInbox($id: ID!) {\n    inbox(id: $id) {\n      id\n      name\n      email\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ListInboxes($first: Int, $after: String) {\n    inboxes(first: $first, after: $after) {\n      edges {\n        node {\n          id\n          email\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query ListInboxes($first: Int, $after: String) {\n    inboxes(first: $first, after: $after) {\n      edges {\n        node {\n          id\n          email\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ListEvents($first: Int, $after: String, $filter: EventFilter) {\n    events(first: $first, after: $after, filter: $filter) {\n      edges {\n        node {\n          id\n          type\n          inboxId\n          messageId\n          payload\n          createdAt\n          deliveries {\n            id\n            status\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query ListEvents($first: Int, $after: String, $filter: EventFilter) {\n    events(first: $first, after: $after, filter: $filter) {\n      edges {\n        node {\n          id\n          type\n          inboxId\n          messageId\n          payload\n          createdAt\n          deliveries {\n            id\n            status\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query GetEvent($id: ID!) {\n    event(id: $id) {\n      id\n      type\n      payload\n    }\n  }\n"): (typeof documents)["\n  query GetEvent($id: ID!) {\n    event(id: $id) {\n      id\n      type\n      payload\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Viewer {\n    viewer {\n      id\n      name\n      createdAt\n    }\n    eventTypes {\n      name\n      description\n    }\n  }\n"): (typeof documents)["\n  query Viewer {\n    viewer {\n      id\n      name\n      createdAt\n    }\n    eventTypes {\n      name\n      description\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateApiKey($input: CreateApiKeyInput!) {\n    createApiKey(input: $input) {\n      apiKey {\n        id\n        name\n        createdAt\n        revokedAt\n      }\n      secret\n    }\n  }\n"): (typeof documents)["\n  mutation CreateApiKey($input: CreateApiKeyInput!) {\n    createApiKey(input: $input) {\n      apiKey {\n        id\n        name\n        createdAt\n        revokedAt\n      }\n      secret\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeApiKey($id: ID!) {\n    revokeApiKey(id: $id) {\n      id\n      revokedAt\n    }\n  }\n"): (typeof documents)["\n  mutation RevokeApiKey($id: ID!) {\n    revokeApiKey(id: $id) {\n      id\n      revokedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateOrganization($input: CreateOrganizationInput!) {\n    createOrganization(input: $input) {\n      organization {\n        id\n        name\n      }\n      apiKey {\n        id\n        name\n      }\n      secret\n    }\n  }\n"): (typeof documents)["\n  mutation CreateOrganization($input: CreateOrganizationInput!) {\n    createOrganization(input: $input) {\n      organization {\n        id\n        name\n      }\n      apiKey {\n        id\n        name\n      }\n      secret\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription Events($types: [String!], $inboxId: ID, $after: ID) {\n    events(types: $types, inboxId: $inboxId, after: $after) {\n      id\n      type\n      inboxId\n      messageId\n      payload\n      createdAt\n    }\n  }\n"): (typeof documents)["\n  subscription Events($types: [String!], $inboxId: ID, $after: ID) {\n    events(types: $types, inboxId: $inboxId, after: $after) {\n      id\n      type\n      inboxId\n      messageId\n      payload\n      createdAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription DeliveryAttempts($webhookId: ID) {\n    deliveryAttempts(webhookId: $webhookId) {\n      id\n      number\n      trigger\n      succeeded\n      responseStatus\n      delivery {\n        id\n        status\n        webhook {\n          id\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription DeliveryAttempts($webhookId: ID) {\n    deliveryAttempts(webhookId: $webhookId) {\n      id\n      number\n      trigger\n      succeeded\n      responseStatus\n      delivery {\n        id\n        status\n        webhook {\n          id\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WhoAmI {\n    viewer {\n      id\n      name\n    }\n  }\n"): (typeof documents)["\n  query WhoAmI {\n    viewer {\n      id\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WebhookState($id: ID!) {\n    webhook(id: $id) {\n      id\n      url\n      events\n      description\n      enabled\n      disabledReason\n      secret\n      updatedAt\n      deliveries(first: 100) {\n        edges {\n          node {\n            id\n            status\n            attemptCount\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query WebhookState($id: ID!) {\n    webhook(id: $id) {\n      id\n      url\n      events\n      description\n      enabled\n      disabledReason\n      secret\n      updatedAt\n      deliveries(first: 100) {\n        edges {\n          node {\n            id\n            status\n            attemptCount\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query InboxState($id: ID!) {\n    inbox(id: $id) {\n      id\n      name\n      email\n      updatedAt\n    }\n  }\n"): (typeof documents)["\n  query InboxState($id: ID!) {\n    inbox(id: $id) {\n      id\n      name\n      email\n      updatedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DeliveryState($id: ID!) {\n    delivery(id: $id) {\n      id\n      status\n      attemptCount\n      attempts {\n        id\n        number\n      }\n    }\n  }\n"): (typeof documents)["\n  query DeliveryState($id: ID!) {\n    delivery(id: $id) {\n      id\n      status\n      attemptCount\n      attempts {\n        id\n        number\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query EventState($id: ID!) {\n    event(id: $id) {\n      id\n      type\n      inboxId\n    }\n  }\n"): (typeof documents)["\n  query EventState($id: ID!) {\n    event(id: $id) {\n      id\n      type\n      inboxId\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query EverythingVisible($first: Int) {\n    webhooks(first: $first) {\n      edges {\n        node {\n          id\n        }\n      }\n    }\n    deliveries(first: $first) {\n      edges {\n        node {\n          id\n          webhook {\n            id\n          }\n          event {\n            id\n          }\n        }\n      }\n    }\n    events(first: $first) {\n      edges {\n        node {\n          id\n          inboxId\n          deliveries {\n            id\n          }\n        }\n      }\n    }\n    inboxes(first: $first) {\n      edges {\n        node {\n          id\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query EverythingVisible($first: Int) {\n    webhooks(first: $first) {\n      edges {\n        node {\n          id\n        }\n      }\n    }\n    deliveries(first: $first) {\n      edges {\n        node {\n          id\n          webhook {\n            id\n          }\n          event {\n            id\n          }\n        }\n      }\n    }\n    events(first: $first) {\n      edges {\n        node {\n          id\n          inboxId\n          deliveries {\n            id\n          }\n        }\n      }\n    }\n    inboxes(first: $first) {\n      edges {\n        node {\n          id\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DeliveriesPage($first: Int, $filter: DeliveryFilter) {\n    deliveries(first: $first, filter: $filter) {\n      edges {\n        node {\n          id\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query DeliveriesPage($first: Int, $filter: DeliveryFilter) {\n    deliveries(first: $first, filter: $filter) {\n      edges {\n        node {\n          id\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query EventsPage($first: Int, $filter: EventFilter) {\n    events(first: $first, filter: $filter) {\n      edges {\n        node {\n          id\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query EventsPage($first: Int, $filter: EventFilter) {\n    events(first: $first, filter: $filter) {\n      edges {\n        node {\n          id\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query InboxesPage($first: Int) {\n    inboxes(first: $first) {\n      edges {\n        node {\n          id\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query InboxesPage($first: Int) {\n    inboxes(first: $first) {\n      edges {\n        node {\n          id\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateWebhookWithOptions($input: CreateWebhookInput!) {\n    createWebhook(input: $input) {\n      id\n      secret\n      headers\n      inboxIds\n      rateLimitPerSecond\n    }\n  }\n"): (typeof documents)["\n  mutation CreateWebhookWithOptions($input: CreateWebhookInput!) {\n    createWebhook(input: $input) {\n      id\n      secret\n      headers\n      inboxIds\n      rateLimitPerSecond\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateWebhookOptions($id: ID!, $input: UpdateWebhookInput!) {\n    updateWebhook(id: $id, input: $input) {\n      id\n      description\n      headers\n      inboxIds\n      rateLimitPerSecond\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateWebhookOptions($id: ID!, $input: UpdateWebhookInput!) {\n    updateWebhook(id: $id, input: $input) {\n      id\n      description\n      headers\n      inboxIds\n      rateLimitPerSecond\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WebhookOptions($id: ID!) {\n    webhook(id: $id) {\n      id\n      url\n      events\n      description\n      headers\n      inboxIds\n      rateLimitPerSecond\n      updatedAt\n    }\n  }\n"): (typeof documents)["\n  query WebhookOptions($id: ID!) {\n    webhook(id: $id) {\n      id\n      url\n      events\n      description\n      headers\n      inboxIds\n      rateLimitPerSecond\n      updatedAt\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;