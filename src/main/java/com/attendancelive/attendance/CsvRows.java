package com.attendancelive.attendance;

import java.io.OutputStream;
import java.util.List;
import tools.jackson.core.JsonEncoding;
import tools.jackson.core.JsonGenerator;
import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvSchema;
import tools.jackson.dataformat.csv.CsvWriteFeature;

/**
 * CSV written row by row with Jackson's CSV generator: a header row, RFC 4180 quoting (a cell with a
 * comma, quote or line break is quoted, quotes doubled), CRLF line ends, UTF-8, a null cell empty.
 * Every cell is neutralised against spreadsheet formulas first. Only {@link #finish} ends the output
 * properly: a writer that fails midway leaves it unfinished, so the response is cut off rather than
 * looking complete.
 */
final class CsvRows {

    // Strict check: quote only the cells that need it (comma, quote, line break), not every cell with an apostrophe.
    private static final CsvMapper MAPPER = CsvMapper.builder().enable(CsvWriteFeature.STRICT_CHECK_FOR_QUOTING).build();

    private final JsonGenerator generator;
    private final int columns;

    CsvRows(OutputStream out, List<String> columns) {
        CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true).setLineSeparator("\r\n");
        columns.forEach(schema::addColumn);
        this.generator = MAPPER.writer(schema.build()).createGenerator(out, JsonEncoding.UTF8);
        this.columns = columns.size();
    }

    void write(String... cells) {
        if (cells.length != columns) {
            throw new IllegalArgumentException(cells.length + " cells for " + columns + " columns");
        }
        generator.writeStartArray();
        for (String cell : cells) {
            if (cell == null) {
                generator.writeNull();
            }
            else {
                generator.writeString(neutralized(cell));
            }
        }
        generator.writeEndArray();
    }

    /**
     * A cell a spreadsheet could read as a formula ({@code = + - @}, tab or carriage return first)
     * gets a leading {@code '}, so it shows as text.
     */
    static String neutralized(String cell) {
        if (cell.isEmpty()) {
            return cell;
        }
        return switch (cell.charAt(0)) {
            case '=', '+', '-', '@', '\t', '\r' -> "'" + cell;
            default -> cell;
        };
    }

    /** Flushes the last rows and closes the output. */
    void finish() {
        generator.close();
    }
}
