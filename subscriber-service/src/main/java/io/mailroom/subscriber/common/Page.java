package io.mailroom.subscriber.common;

import java.util.List;

/** One page of a listing: the items, the zero-based page number, the page size and the total count. */
public record Page<T>(List<T> items, int page, int size, long total) {
}
