package io.mailroom.campaign.campaign;

import java.time.OffsetDateTime;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;

/** The body of {@code POST /api/campaigns}. Either {@code body} or {@code templateId} is given; {@code warmup} is optional. */
public record CampaignRequest(
        @NotBlank String name,
        @NotBlank String subject,
        @NotBlank @Email String fromEmail,
        @Email String replyTo,
        @NotEmpty List<@NotNull @Positive Long> lists,
        String body,
        @Positive Long templateId,
        @Pattern(regexp = "html|text", message = "must be html or text") String contentType,
        @Pattern(regexp = "smtp|ses", message = "must be smtp or ses") String channel,
        OffsetDateTime sendAt,
        @Positive Integer rateLimit,
        @Valid WarmupRequest warmup) {

    public String contentTypeOrDefault() {
        return contentType == null ? "html" : contentType;
    }

    public String channelOrDefault() {
        return channel == null ? "smtp" : channel;
    }
}
