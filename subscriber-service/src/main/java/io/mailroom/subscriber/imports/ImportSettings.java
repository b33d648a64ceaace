package io.mailroom.subscriber.imports;

import java.util.List;

/** How one import treats its rows: mode {@code subscribe} or {@code blocklist}, overwrite, target lists, who. */
public record ImportSettings(long importId, boolean blocklist, boolean overwrite, List<Long> lists, String actor) {
}
