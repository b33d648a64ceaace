package io.mailroom.platform.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** A malformed {@code mailroom.auth.tokens} entry fails the start naming its position (and name), never its secret. */
class ConfiguredTokenIdentityProviderTest {
    private static final String SECRET = "s3cr3t-do-not-log-me";

    @Test
    void anEntryWithAnUnknownRoleIsNamedButItsSecretIsNotShown() {
        assertThatThrownBy(() -> provider("ok:viewer:other-secret", "ci-bot:superuser:" + SECRET))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("entry 2").hasMessageContaining("ci-bot").hasMessageContaining("superuser")
                .hasMessageNotContaining(SECRET).hasMessageNotContaining("other-secret");
    }

    @Test
    void anEntryWithoutSeparatorsIsNamedByPositionOnly() {
        // a bare secret pasted without name and role: its only field is the secret, so nothing of it is shown
        assertThatThrownBy(() -> provider("ok:viewer:other-secret", "ok2:admin:x", SECRET))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("entry 3").hasMessageNotContaining(SECRET);
        assertThatThrownBy(() -> provider("name-only:" + SECRET))
                .hasMessageContaining("entry 1").hasMessageNotContaining(SECRET);
        assertThatThrownBy(() -> provider("blank-secret:admin: "))
                .hasMessageContaining("entry 1").hasMessageContaining("blank-secret");
    }

    @Test
    void wellFormedEntriesAreKept() {
        assertThat(ApiToken.parse(1, " bot:operator:" + SECRET + " "))
                .isEqualTo(new ApiToken("bot", "operator", SECRET));
        assertThat(ApiToken.parse(1, "bot:operator:" + SECRET).toString()).doesNotContain(SECRET);
    }

    private static ConfiguredTokenIdentityProvider provider(String... specs) {
        return new ConfiguredTokenIdentityProvider(Optional.of(List.of(specs)));
    }
}
