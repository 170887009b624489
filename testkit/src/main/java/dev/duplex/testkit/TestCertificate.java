package dev.duplex.testkit;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** A self-signed certificate for 127.0.0.1 and localhost, made with openssl at test time, valid two days. */
public final class TestCertificate implements AutoCloseable {
    private final Path dir;

    private TestCertificate() {
        dir = Files2.tempDir("e2e-cert-");
        ProcessBuilder pb = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                "-keyout", keyPem().toString(), "-out", certPem().toString(), "-days", "2",
                "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost")
                .redirectErrorStream(true).redirectOutput(dir.resolve("openssl.log").toFile());
        try {
            Process p = pb.start();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("openssl failed; see " + dir.resolve("openssl.log"));
            }
        } catch (IOException e) {
            throw new IllegalStateException("openssl did not run", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static TestCertificate create() {
        return new TestCertificate();
    }

    public Path certPem() {
        return dir.resolve("cert.pem");
    }

    public Path keyPem() {
        return dir.resolve("key.pem");
    }

    @Override
    public void close() {
        Files2.deleteTree(dir);
    }
}
