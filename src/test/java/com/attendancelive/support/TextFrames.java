package com.attendancelive.support;

import java.lang.reflect.Type;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.springframework.messaging.simp.stomp.StompFrameHandler;
import org.springframework.messaging.simp.stomp.StompHeaders;

/** STOMP frame handlers of Spring's client that take every payload as text. */
public final class TextFrames {

    private TextFrames() {
    }

    public static StompFrameHandler handler(Consumer<String> onPayload) {
        return handler((headers, payload) -> onPayload.accept(payload));
    }

    public static StompFrameHandler handler(BiConsumer<StompHeaders, String> onFrame) {
        return new StompFrameHandler() {
            @Override
            public Type getPayloadType(StompHeaders headers) {
                return String.class;
            }

            @Override
            public void handleFrame(StompHeaders headers, Object payload) {
                onFrame.accept(headers, (String) payload);
            }
        };
    }
}
