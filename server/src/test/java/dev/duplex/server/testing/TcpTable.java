package dev.duplex.server.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Names the TCP connection behind a leaked socket descriptor, from {@code /proc/net/tcp}, for failure messages. */
final class TcpTable {
    private static final String[] STATES = {"?", "ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT1", "FIN_WAIT2",
        "TIME_WAIT", "CLOSE", "CLOSE_WAIT", "LAST_ACK", "LISTEN", "CLOSING"};

    private TcpTable() {
    }

    /** {@code descriptors} ("fd socket:[inode]") with each socket's ports and TCP state where known. */
    static String describe(Set<String> descriptors) {
        Map<String, String> byInode = connections();
        return descriptors.stream().map(fd -> {
            int open = fd.indexOf("socket:[");
            String inode = open < 0 ? null : fd.substring(open + 8, fd.length() - 1);
            return inode == null ? fd : fd + " " + byInode.getOrDefault(inode, "");
        }).collect(Collectors.joining(", ", "[", "]"));
    }

    private static Map<String, String> connections() {
        Map<String, String> byInode = new HashMap<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try {
                for (String line : Files.readAllLines(Path.of(table)).subList(1, Files.readAllLines(Path.of(table))
                        .size())) {
                    String[] f = line.trim().split("\\s+");
                    int state = Integer.parseInt(f[3], 16);
                    byInode.put(f[9], port(f[1]) + "->" + port(f[2]) + " "
                            + (state < STATES.length ? STATES[state] : "?"));
                }
            } catch (IOException | RuntimeException e) {
                // no such table here
            }
        }
        return byInode;
    }

    private static int port(String address) {
        return Integer.parseInt(address.substring(address.indexOf(':') + 1), 16);
    }
}
