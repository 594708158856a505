/** The document GraphiQL opens with: the quickstart's first steps. */
export const defaultGraphiqlQuery = `# Sendook events. Put your key in the Headers tab below:
#   { "Authorization": "Bearer sk_..." }
# The key of the "default" organization is printed at first start and kept in .data/api-key.

query Webhooks {
  viewer { id name }
  webhooks(first: 10) {
    edges { node { id url events enabled } }
  }
}

mutation CreateWebhook {
  createWebhook(input: {
    url: "http://localhost:3000/webhooks/sendook"
    events: ["inbox.created"]
  }) { id url secret }
}

mutation CreateInbox {
  createInbox(input: { name: "Support" }) { id email }
}

# Live: runs in GraphiQL over SSE (or graphql-ws at ws://.../graphql).
subscription LiveEvents {
  events(types: ["*"]) { id type inboxId payload createdAt }
}

query RecentDeliveries {
  deliveries(first: 10) {
    edges {
      node {
        id status attemptCount nextAttemptAt
        event { type }
        attempts { number trigger succeeded responseStatus error durationMs }
      }
    }
  }
}
`;
