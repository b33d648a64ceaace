package io.mailroom.platform.paging;

import io.mailroom.platform.problem.ProblemException;

/** The OFFSET of a listing's page, checked: a 400 naming the field instead of an int overflow or an unbounded skip. */
public final class Paging {
    /**
     * The deepest row a listing pages to. {@code page * size} in int arithmetic overflowed into a negative OFFSET (a
     * 500), and even in long arithmetic a page of billions makes PostgreSQL read and discard every row before it;
     * past ten million rows a filter or an export serves better than paging.
     */
    public static final long MAX_OFFSET = 10_000_000;

    private Paging() {
    }

    /** {@code page * size} as a long, after checking page ≥ 0, size ≥ 1 and the offset ≤ {@link #MAX_OFFSET}. */
    public static long offset(int page, int size) {
        if (size < 1) {
            throw ProblemException.badRequest("size", "must be at least 1");
        }
        if (page < 0) {
            throw ProblemException.badRequest("page", "must be at least 0");
        }
        long offset = (long) page * size;
        if (offset > MAX_OFFSET) {
            throw ProblemException.badRequest("page", String.format("page × size must be at most %,d (at size %d, "
                    + "page ≤ %d): narrow the filter or use the export", MAX_OFFSET, size, MAX_OFFSET / size));
        }
        return offset;
    }
}
