package com.attendancelive.loadgen;

import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * A latency percentile plot as SVG (no plotting library needed): one curve per target, the x axis
 * in "nines" (50 %, 90 %, 99 %, 99.9 %, ...), the y axis in milliseconds.
 */
final class LatencyPlot {

    private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd"};
    private static final double[] TICKS = {0, 90, 99, 99.9, 99.99};
    private static final int WIDTH = 640;
    private static final int HEIGHT = 400;
    private static final int LEFT = 60;
    private static final int BOTTOM = 40;
    private static final int TOP = 30;
    private static final double MAX_NINES = 4; // 99.99 %

    private LatencyPlot() {
    }

    /** {@code curves}: target name to a histogram of microseconds. */
    static String svg(String title, Map<String, Histogram> curves) {
        double maxMs = 1;
        for (Histogram histogram : curves.values()) {
            if (histogram.getTotalCount() > 0) {
                maxMs = Math.max(maxMs, histogram.getValueAtPercentile(99.99) / 1000d);
            }
        }
        maxMs = niceCeiling(maxMs);
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "font-family=\"sans-serif\" font-size=\"12\">%n<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>%n", WIDTH, HEIGHT));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"18\" font-size=\"14\">%s</text>%n", LEFT, escape(title)));
        int plotWidth = WIDTH - LEFT - 20;
        int plotHeight = HEIGHT - TOP - BOTTOM;
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#888\"/>%n",
                LEFT, TOP, plotWidth, plotHeight));
        for (double tick : TICKS) {
            double x = LEFT + nines(tick) / MAX_NINES * plotWidth;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>"
                    + "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s%%</text>%n",
                    x, TOP, x, TOP + plotHeight, x, HEIGHT - BOTTOM + 16, tick == 0 ? "0" : trim(tick)));
        }
        for (int i = 0; i <= 4; i++) {
            double ms = maxMs * i / 4;
            double y = TOP + plotHeight - plotHeight * i / 4d;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n",
                    LEFT, y, LEFT + plotWidth, y, LEFT - 6, y + 4, trim(ms)));
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"14\" y=\"%d\" transform=\"rotate(-90 14 %d)\" text-anchor=\"middle\">latency (ms)</text>%n",
                TOP + plotHeight / 2, TOP + plotHeight / 2));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">percentile</text>%n",
                LEFT + plotWidth / 2, HEIGHT - 6));
        int index = 0;
        for (Map.Entry<String, Histogram> curve : curves.entrySet()) {
            Histogram histogram = curve.getValue();
            if (histogram.getTotalCount() == 0) {
                continue;
            }
            String colour = COLOURS[index % COLOURS.length];
            StringBuilder points = new StringBuilder();
            for (double n = 0; n <= MAX_NINES + 1e-9; n += 0.02) {
                double percentile = 100 * (1 - Math.pow(10, -n));
                double ms = histogram.getValueAtPercentile(percentile) / 1000d;
                double x = LEFT + n / MAX_NINES * plotWidth;
                double y = TOP + plotHeight - Math.min(1, ms / maxMs) * plotHeight;
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
            }
            svg.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"%s\"/>%n",
                    colour, points.toString().trim()));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"%s\">%s</text>%n",
                    LEFT + 10, TOP + 16 + 16 * index, colour, escape(curve.getKey())));
            index++;
        }
        return svg.append("</svg>\n").toString();
    }


    private static double nines(double percentile) {
        return percentile >= 100 ? MAX_NINES : -Math.log10(1 - percentile / 100);
    }

    private static double niceCeiling(double value) {
        double magnitude = Math.pow(10, Math.floor(Math.log10(value)));
        for (double step : new double[] {1, 2, 5, 10}) {
            if (value <= step * magnitude) {
                return step * magnitude;
            }
        }
        return 10 * magnitude;
    }

    private static String trim(double value) {
        return value == Math.rint(value) ? String.format(Locale.ROOT, "%.0f", value) : String.format(Locale.ROOT, "%s", value);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;");
    }
}
