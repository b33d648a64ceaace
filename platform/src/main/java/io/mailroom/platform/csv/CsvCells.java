package io.mailroom.platform.csv;

/**
 * Spreadsheet-safe CSV cells (OWASP "CSV Injection"): a text cell a spreadsheet would evaluate as a formula gets a
 * leading apostrophe, which spreadsheets show as text and hide.
 */
public final class CsvCells {
    private CsvCells() {
    }

    /**
     * The cell prefixed with {@code '} when it begins with {@code =}, {@code +}, {@code -}, {@code @}, tab or CR;
     * otherwise (and null) unchanged. Subscriber names, emails and provider replies are attacker-controlled, and an
     * operator opens exports in Excel or LibreOffice, where {@code =HYPERLINK(...)} or DDE payloads would run.
     */
    public static String text(String cell) {
        if (cell == null || cell.isEmpty()) {
            return cell;
        }
        return switch (cell.charAt(0)) {
            case '=', '+', '-', '@', '\t', '\r' -> "'" + cell;
            default -> cell;
        };
    }

    /** A row with every {@link String} cell passed through {@link #text}; other values (numbers, null) as they are. */
    public static Object[] row(Object... cells) {
        Object[] safe = new Object[cells.length];
        for (int i = 0; i < cells.length; i++) {
            safe[i] = cells[i] instanceof String s ? text(s) : cells[i];
        }
        return safe;
    }
}
