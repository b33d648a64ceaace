package io.mailroom.campaign.campaign;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/** A warm-up ramp as the operator gives it: start at {@code startRate} msg/s, times {@code factor} every step. */
public record WarmupRequest(
        @NotNull @Min(1) Integer startRate,
        @NotNull @DecimalMin(value = "1.0", message = "must be at least 1 (1 keeps the start rate)") Double factor,
        @NotNull @Min(1) Long stepSeconds) {
}
