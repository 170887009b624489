package dev.duplex.e2e;

import dev.duplex.testkit.ClusterRig;
import dev.duplex.testkit.Nginx;
import dev.duplex.testkit.ServerProcess;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Issue 14's cluster for the browser matrix: {@link ClusterRig} (Redis, three demo WAR JVMs, nginx round-robin
 * passing upgrades), started on first use and shared by the cluster runs, then stopped by {@link #close()}.
 * {@link #get()} gives node A's process, whose log a failure report shows; the browsers go through nginx.
 */
final class RunningCluster implements Supplier<ServerProcess>, AutoCloseable {
    private ClusterRig rig;
    private RuntimeException failure;

    @Override
    public synchronized ServerProcess get() {
        return rig().process(0);
    }

    synchronized ClusterRig rig() {
        if (failure != null) {
            throw new IllegalStateException("the cluster did not start", failure);
        }
        if (rig == null) {
            try {
                rig = ClusterRig.start(3, new String[0]);
            } catch (RuntimeException e) {
                failure = e;
                throw e;
            }
        }
        return rig;
    }

    /** The network in front of the cluster: its own nginx, or a second one that drops upgrades. */
    Network.Setup setUp(Network network) {
        ClusterRig cluster = rig();
        if (network == Network.CLUSTER) {
            return new Network.Setup(network, cluster.base().toString().replaceAll("/$", ""), null, null, null, null,
                    null);
        }
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < cluster.size(); i++) {
            ports.add(cluster.node(i).getPort());
        }
        Nginx plain = Nginx.roundRobin(ports, false);
        return new Network.Setup(network, plain.origin(), null, plain, null, null, null);
    }

    @Override
    public synchronized void close() {
        if (rig != null) {
            rig.close();
            rig = null;
        }
    }
}
