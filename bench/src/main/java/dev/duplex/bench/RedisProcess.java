package dev.duplex.bench;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A private {@code redis-server} for the cluster scenario: a free loopback port, no persistence, stopped by its own
 * PID (never the system service). Its CPU comes from /proc like the server JVMs'; its command counters from
 * {@code INFO}, read over a plain socket so the generator needs no Redis client.
 */
final class RedisProcess implements AutoCloseable {
    private static final String BINARY = "/usr/bin/redis-server";
    final int port;
    private final Process process;

    RedisProcess() throws IOException, InterruptedException {
        if (!new File(BINARY).canExecute()) {
            throw new IOException("redis-server is missing: scripts/install-tools.sh redis-server");
        }
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        process = new ProcessBuilder(BINARY, "--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "",
                "--appendonly", "no", "--daemonize", "no").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(new File("target/redis.log"))).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (true) {
            try {
                info("server");
                return;
            } catch (IOException e) {
                if (System.nanoTime() > deadline || !process.isAlive()) {
                    close();
                    throw new IOException("redis-server did not start (see target/redis.log)", e);
                }
                Thread.sleep(50);
            }
        }
    }

    /** The cluster URI for one node. */
    String uri(String node) {
        return "redis://127.0.0.1:" + port + "?node=" + node;
    }

    long cpuMicros() {
        return ServerProcess.cpuMicros(process.pid());
    }

    /**
     * {@code total} (total_commands_processed: every command run, in Redis 7 those inside scripts included),
     * {@code eval} (EVAL and EVALSHA calls: a publish is one) and {@code info} (these reads themselves, to
     * subtract).
     */
    Map<String, Long> counters() throws IOException {
        Map<String, Long> c = new HashMap<>(Map.of("total", 0L, "eval", 0L, "info", 0L));
        for (String line : info("stats commandstats").split("\r\n")) {
            if (line.startsWith("total_commands_processed:")) {
                c.put("total", Long.parseLong(line.substring(line.indexOf(':') + 1)));
            } else if (line.startsWith("cmdstat_")) {
                String command = line.substring(8, line.indexOf(':'));
                int at = line.indexOf("calls=") + 6;
                long calls = Long.parseLong(line.substring(at, line.indexOf(',', at)));
                if (command.equals("eval") || command.equals("evalsha")) {
                    c.merge("eval", calls, Long::sum);
                } else if (command.equals("info")) {
                    c.put("info", calls);
                }
            }
        }
        return c;
    }

    /** {@code INFO <sections>}: one RESP request, one bulk string back. */
    private String info(String sections) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            StringBuilder request = new StringBuilder();
            String[] args = ("INFO " + sections).split(" ");
            request.append('*').append(args.length).append("\r\n");
            for (String a : args) {
                request.append('$').append(a.length()).append("\r\n").append(a).append("\r\n");
            }
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
            StringBuilder header = new StringBuilder();
            for (int ch = in.read(); ch != '\n'; ch = in.read()) {
                if (ch < 0) {
                    throw new IOException("redis closed the connection");
                }
                header.append((char) ch);
            }
            if (header.charAt(0) != '$') {
                throw new IOException("redis answered " + header.toString().trim());
            }
            byte[] body = new byte[Integer.parseInt(header.substring(1).trim())];
            in.readFully(body);
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
