package io.mailroom.feedback.mapping;

/** A message dispatch reported SENT: which campaign and subscriber a provider message id belongs to. */
public record SentMessage(String providerMessageId, long campaignId, long subscriberId, String email) {
}
