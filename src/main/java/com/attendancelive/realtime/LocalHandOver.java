package com.attendancelive.realtime;

import com.attendancelive.shared.Protocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.messaging.Message;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.simp.SimpMessagingTemplate;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.util.MimeTypeUtils;

/**
 * Sends one event, with its seq, to the class topic and to the user queue of each student it names,
 * where {@link LocalSubscribers} takes it for this instance's subscribers.
 */
final class LocalHandOver {

    private static final Logger log = LoggerFactory.getLogger(ClassFeeds.class);

    private final SimpMessagingTemplate messaging;

    LocalHandOver(SimpMessagingTemplate messaging) {
        this.messaging = messaging;
    }

    /** A failure is logged only: the event counts as handed over (see {@link ClassFeeds}). */
    void send(String classId, LiveEvent event) {
        try {
            messaging.send(Protocol.CLASS_TOPIC_PREFIX + classId, json(event.json(), event.seq()));
            for (String student : event.students()) {
                messaging.send("/user/" + student + LocalSubscribers.USER_QUEUE, json(event.forStudent(student), event.seq()));
            }
        }
        catch (RuntimeException ex) {
            log.warn("Handing event {} of class {} to local subscribers failed: {}", event.seq(), classId, ex.toString());
        }
    }

    private static Message<byte[]> json(byte[] payload, long seq) {
        SimpMessageHeaderAccessor headers = SimpMessageHeaderAccessor.create(SimpMessageType.MESSAGE);
        headers.setContentType(MimeTypeUtils.APPLICATION_JSON);
        headers.setHeader(LocalSubscribers.SEQ_HEADER, seq);
        headers.setLeaveMutable(true); // the template adds the destination
        return MessageBuilder.createMessage(payload, headers.getMessageHeaders());
    }
}
