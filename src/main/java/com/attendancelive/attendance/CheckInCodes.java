package com.attendancelive.attendance;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/**
 * Rotating check-in codes in the manner of RFC 6238 (TOTP): HMAC-SHA256 of the time step under a
 * per-session random secret, dynamically truncated to {@code digits} decimal digits. Only the
 * server knows the secret, so a code can be read off the projector but not predicted.
 */
@Component
final class CheckInCodes {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();

    private final long stepSeconds;
    private final long graceSeconds;
    private final int digits;

    CheckInCodes(AttendanceProperties properties) {
        this.stepSeconds = properties.codeStep().toSeconds();
        this.graceSeconds = properties.codeGrace().toSeconds();
        this.digits = properties.codeDigits();
    }

    /** How long one code is current. */
    long stepSeconds() {
        return stepSeconds;
    }

    static String newSecret() {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return HEX.formatHex(secret);
    }

    /** The code shown at {@code now}, and when it stops being the current one. */
    CurrentCode current(String secret, Instant now) {
        long step = step(now);
        return new CurrentCode(code(secret, step), Instant.ofEpochSecond((step + 1) * stepSeconds));
    }

    /** The current code, or the previous one within the grace after a rotation. */
    boolean accepts(String secret, String candidate, Instant now) {
        if (candidate == null || candidate.length() != digits) {
            return false;
        }
        long step = step(now);
        if (matches(code(secret, step), candidate)) {
            return true;
        }
        long sinceRotation = now.getEpochSecond() - step * stepSeconds;
        return sinceRotation < graceSeconds && matches(code(secret, step - 1), candidate);
    }

    private long step(Instant now) {
        return Math.floorDiv(now.getEpochSecond(), stepSeconds);
    }

    String code(String secret, long step) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(HEX.parseHex(secret), "HmacSHA256"));
            byte[] hash = mac.doFinal(ByteBuffer.allocate(Long.BYTES).putLong(step).array());
            int offset = hash[hash.length - 1] & 0x0f;
            int binary = ((hash[offset] & 0x7f) << 24) | ((hash[offset + 1] & 0xff) << 16)
                    | ((hash[offset + 2] & 0xff) << 8) | (hash[offset + 3] & 0xff);
            long modulus = (long) Math.pow(10, digits);
            return String.format("%0" + digits + "d", binary % modulus);
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException("HmacSHA256 unavailable", ex);
        }
    }

    private static boolean matches(String expected, String candidate) {
        return MessageDigest.isEqual(expected.getBytes(), candidate.getBytes());
    }

    record CurrentCode(String code, Instant rotatesAt) {
    }
}
