package io.mailroom.platform.paging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.mailroom.platform.problem.ProblemException;

/** A page's offset is page × size in long arithmetic, and a page deeper than the cap is a 400 naming {@code page}. */
class PagingTest {

    @Test
    void offsetIsPageTimesSizeUpToTheCap() {
        assertThat(Paging.offset(0, 50)).isZero();
        assertThat(Paging.offset(3, 50)).isEqualTo(150);
        assertThat(Paging.offset((int) (Paging.MAX_OFFSET / 1000), 1000)).isEqualTo(Paging.MAX_OFFSET);
    }

    @Test
    void aPageWhoseOffsetWouldOverflowAnIntIsRefusedNamingPage() {
        assertThatThrownBy(() -> Paging.offset(Integer.MAX_VALUE, 500))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.problem().status()).isEqualTo(400);
                    assertThat(e.problem().errors()).extracting(f -> f.field()).containsExactly("page");
                });
    }

    @Test
    void aPageJustPastTheCapIsRefused() {
        assertThatThrownBy(() -> Paging.offset((int) (Paging.MAX_OFFSET / 1000) + 1, 1000))
                .isInstanceOfSatisfying(ProblemException.class,
                        e -> assertThat(e.problem().errors()).extracting(f -> f.field()).containsExactly("page"));
    }

    @Test
    void aNegativePageOrANonPositiveSizeIsRefusedNamingTheField() {
        assertThatThrownBy(() -> Paging.offset(-1, 50)).isInstanceOfSatisfying(ProblemException.class,
                e -> assertThat(e.problem().errors()).extracting(f -> f.field()).containsExactly("page"));
        assertThatThrownBy(() -> Paging.offset(0, 0)).isInstanceOfSatisfying(ProblemException.class,
                e -> assertThat(e.problem().errors()).extracting(f -> f.field()).containsExactly("size"));
    }
}
