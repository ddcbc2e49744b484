package com.attendancelive.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Established TCP connections to a local port, read from the kernel's socket tables (Linux). */
public final class BrokerConnections {

    private static final String ESTABLISHED = "01";

    private BrokerConnections() {
    }

    /** Connections whose remote end is {@code port} on this machine (one per client, not counting the server's ends). */
    public static int established(int port) throws IOException {
        String remotePort = String.format(Locale.ROOT, ":%04X", port);
        int count = 0;
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path path = Path.of(table);
            if (!Files.exists(path)) {
                continue;
            }
            for (String line : Files.readAllLines(path)) {
                String[] fields = line.trim().split("\\s+");
                if (fields.length > 3 && fields[2].endsWith(remotePort) && ESTABLISHED.equals(fields[3])) {
                    count++;
                }
            }
        }
        return count;
    }
}
