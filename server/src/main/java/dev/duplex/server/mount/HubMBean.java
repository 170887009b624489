package dev.duplex.server.mount;

import dev.duplex.server.api.Metrics;
import java.lang.System.Logger.Level;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.AttributeNotFoundException;
import javax.management.DynamicMBean;
import javax.management.JMException;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * A hub's {@link Metrics} as a JMX MBean, {@code dev.duplex:type=Hub,path=<context path + mount>} (e.g.
 * {@code path=/chat} at the context root): one read-only {@code long} attribute per figure, named by
 * {@link Metrics.Figure#flatName()} ({@code handshakes}, {@code sessions.websocket}, {@code resets.overflow},
 * {@code fallbacks.no_welcome.chromium}). Tagged figures appear as they are first counted, so the attribute
 * list is read afresh each time.
 */
final class HubMBean implements DynamicMBean {
    private static final System.Logger LOG = System.getLogger(HubMBean.class.getName());

    /** Which figures each name of ours shows, so a stopping mount never removes its successor's MBean. */
    private static final Map<ObjectName, Metrics> OWNERS = new java.util.HashMap<>();

    private final Metrics metrics;

    private HubMBean(Metrics metrics) {
        this.metrics = metrics;
    }

    /** The name of the MBean of the mount at {@code fullPath} (context path and mount path). */
    static ObjectName name(String fullPath) throws JMException {
        // A path is URL-safe, so it needs quoting only if it holds a character special to ObjectName.
        String value = fullPath.matches("[^,=:\"*?\\\n]*") ? fullPath : ObjectName.quote(fullPath);
        return new ObjectName("dev.duplex", new java.util.Hashtable<>(Map.of("type", "Hub", "path", value)));
    }

    /**
     * Registers {@code metrics} under {@link #name}, replacing a registration of the same name (two servers with
     * one context path in one JVM: the newer mount wins). Returns the name, or null (logged) if that failed.
     */
    static ObjectName register(String fullPath, Metrics metrics) {
        try {
            ObjectName name = name(fullPath);
            synchronized (OWNERS) {
                if (server().isRegistered(name)) {
                    LOG.log(Level.INFO, "the JMX MBean " + name + " now shows the latest mount of that path");
                    server().unregisterMBean(name);
                }
                server().registerMBean(new HubMBean(metrics), name);
                OWNERS.put(name, metrics);
            }
            return name;
        } catch (JMException | RuntimeException e) {
            // Monitoring is a convenience: a failure to publish it must not stop the mount.
            LOG.log(Level.WARNING, "no JMX MBean for the Duplex mount " + fullPath + ": " + e);
            return null;
        }
    }

    /** Unregisters {@code name}, if it still shows {@code metrics}. */
    static void unregister(ObjectName name, Metrics metrics) {
        if (name == null) {
            return;
        }
        synchronized (OWNERS) {
            if (!OWNERS.remove(name, metrics)) {
                return;
            }
            try {
                server().unregisterMBean(name);
            } catch (JMException | RuntimeException e) {
                LOG.log(Level.DEBUG, "JMX MBean " + name + " already gone", e);
            }
        }
    }

    private static MBeanServer server() {
        return ManagementFactory.getPlatformMBeanServer();
    }

    private Map<String, Metrics.Figure> byName() {
        Map<String, Metrics.Figure> figures = new LinkedHashMap<>();
        metrics.figures().forEach(figure -> figures.put(figure.flatName(), figure));
        return figures;
    }

    @Override
    public Object getAttribute(String attribute) throws AttributeNotFoundException {
        Metrics.Figure figure = byName().get(attribute);
        if (figure == null) {
            throw new AttributeNotFoundException(attribute);
        }
        return figure.value().getAsLong();
    }

    @Override
    public AttributeList getAttributes(String[] attributes) {
        Map<String, Metrics.Figure> figures = byName();
        AttributeList list = new AttributeList();
        for (String attribute : attributes) {
            Metrics.Figure figure = figures.get(attribute);
            if (figure != null) {
                list.add(new Attribute(attribute, figure.value().getAsLong()));
            }
        }
        return list;
    }

    @Override
    public void setAttribute(Attribute attribute) throws AttributeNotFoundException {
        throw new AttributeNotFoundException("read-only: " + attribute.getName());
    }

    @Override
    public AttributeList setAttributes(AttributeList attributes) {
        return new AttributeList();
    }

    @Override
    public Object invoke(String actionName, Object[] params, String[] signature) {
        throw new UnsupportedOperationException("no operations");
    }

    @Override
    public MBeanInfo getMBeanInfo() {
        List<MBeanAttributeInfo> attributes = byName().values().stream()
                .map(f -> new MBeanAttributeInfo(f.flatName(), "long",
                        f.description() + " (" + f.kind().name().toLowerCase(java.util.Locale.ROOT) + ")",
                        true, false, false))
                .toList();
        return new MBeanInfo(HubMBean.class.getName(), "The figures of one Duplex mount",
                attributes.toArray(MBeanAttributeInfo[]::new), null, null, null);
    }
}
