package io.mailroom.platform.csv;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CsvCellsTest {

    @ParameterizedTest
    @ValueSource(strings = {"=HYPERLINK(\"http://evil\")", "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd", "="})
    void cellsASpreadsheetReadsAsAFormulaGetAnApostrophe(String cell) {
        assertThat(CsvCells.text(cell)).isEqualTo("'" + cell);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Ada", "a=b", "1-2", "'quoted", " =leading space", "{\"a\":1}", "s1@example.com"})
    void otherCellsAreLeftAsTheyAre(String cell) {
        assertThat(CsvCells.text(cell)).isEqualTo(cell);
    }

    @Test
    void nullStaysNullAndRowsAreNeutralisedCellByCell() {
        assertThat(CsvCells.text(null)).isNull();
        assertThat(CsvCells.row(new Object[] {"=1", 5L, null, "x"})).containsExactly("'=1", 5L, null, "x");
    }
}
