package com.attendancelive.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** The replaying clients' JVM hands its figures back as text ({@code replayJvm=true}): nothing may be lost on the way. */
class ReplaysResultTest {

    @Test
    void theFiguresAndTheHistogramSurviveTheResultLine() {
        Histogram complete = new Histogram(3);
        for (long micros = 1_000; micros <= 8_000_000; micros += 16_000) {
            complete.recordValue(micros);
        }
        Replays.Result sent = new Replays.Result(498, 497, 497_400, 3, 8.2345, complete, 1,
                List.of("connect: refused", "transport: closed\nby peer"));
        List<String> log = new ArrayList<>(List.of("12:00:00 INFO something the client logged", ReplayClients.READY));
        log.addAll(sent.lines());

        Replays.Result read = Replays.Result.parse(log);

        assertThat(read.sessions()).isEqualTo(498);
        assertThat(read.complete()).isEqualTo(497);
        assertThat(read.received()).isEqualTo(497_400);
        assertThat(read.outOfOrder()).isEqualTo(3);
        assertThat(read.doneSeconds()).isCloseTo(8.2345, Offset.offset(0.0001));
        assertThat(read.closedByServer()).isEqualTo(1);
        assertThat(read.errors()).containsExactly("connect: refused", "transport: closed by peer");
        assertThat(read.replayComplete()).isEqualTo(complete);
    }

    @Test
    void anEmptyHistogramTooAndNoResultLineIsAnError() {
        Replays.Result none = new Replays.Result(0, 0, 0, 0, 120.0, new Histogram(3), 0, List.of());
        assertThat(Replays.Result.parse(none.lines()).replayComplete().getTotalCount()).isZero();
        assertThatThrownBy(() -> Replays.Result.parse(List.of(ReplayClients.READY))).isInstanceOf(IllegalStateException.class);
    }
}
