package com.attendancelive.loadgen;

import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** The figures of one scenario against one target, in the order they were recorded. */
final class Figures {

    final String scenario;
    final String target;
    final Map<String, Double> values = new LinkedHashMap<>();
    final Map<String, Histogram> histograms = new LinkedHashMap<>();
    final StringBuilder notes = new StringBuilder();

    Figures(String scenario, String target) {
        this.scenario = scenario;
        this.target = target;
    }

    Figures put(String name, double value) {
        values.put(name, value);
        return this;
    }

    /** Records p50, p99 and max (milliseconds) of a histogram of microseconds. */
    Figures latency(String name, Histogram micros) {
        histograms.put(name, micros);
        if (micros.getTotalCount() == 0) {
            put(name + " p50 ms", Double.NaN).put(name + " p99 ms", Double.NaN).put(name + " max ms", Double.NaN);
            return this;
        }
        return put(name + " p50 ms", micros.getValueAtPercentile(50) / 1000d)
                .put(name + " p99 ms", micros.getValueAtPercentile(99) / 1000d)
                .put(name + " max ms", micros.getMaxValue() / 1000d);
    }

    Figures note(String text) {
        notes.append(text).append('\n');
        return this;
    }

    double get(String name) {
        return values.getOrDefault(name, Double.NaN);
    }
}
