package dev.duplex.e2e;

import dev.duplex.testkit.DemoDeployment;
import dev.duplex.testkit.ServerProcess;
import java.util.function.Supplier;

/**
 * A container started on first use and shared by the tests that need it, then stopped by {@link #close()} (once its
 * tests are done, or at the latest after the class). A container that failed to start fails every test that asks
 * for it with the same cause, without starting it again.
 */
final class RunningDeployment implements Supplier<ServerProcess>, AutoCloseable {
    private final DemoDeployment deployment;
    private ServerProcess server;
    private RuntimeException failure;

    RunningDeployment(DemoDeployment deployment) {
        this.deployment = deployment;
    }

    DemoDeployment deployment() {
        return deployment;
    }

    @Override
    public synchronized ServerProcess get() {
        if (failure != null) {
            throw new IllegalStateException(deployment.label() + " did not start", failure);
        }
        if (server == null) {
            try {
                server = deployment.start();
            } catch (RuntimeException e) {
                failure = e;
                throw e;
            } catch (AssertionError e) {
                failure = new IllegalStateException(e.getMessage(), e);
                throw e;
            }
        }
        return server;
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.close();
            server = null;
        }
    }
}
