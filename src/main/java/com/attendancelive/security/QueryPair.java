package com.attendancelive.security;

import java.util.ArrayList;
import java.util.List;

/** One {@code name=value} of a raw, undecoded query string; {@code value} is null when the pair has no {@code =}. */
record QueryPair(String name, String value) {

    /** The pairs in order, empty ones included; none for a missing or empty query. */
    static List<QueryPair> of(String rawQuery) {
        List<QueryPair> pairs = new ArrayList<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return pairs;
        }
        for (String pair : rawQuery.split("&", -1)) {
            int equals = pair.indexOf('=');
            pairs.add(equals < 0 ? new QueryPair(pair, null) : new QueryPair(pair.substring(0, equals), pair.substring(equals + 1)));
        }
        return pairs;
    }
}
