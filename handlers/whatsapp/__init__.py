"""WhatsApp I/O for civil servants: parse a message, call a service, answer within WhatsApp's
limits. `WhatsAppConversations.handle` is what the webhook calls for each message."""
