package dev.duplex.bayeux.testing;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.cometd.bayeux.Promise;
import org.cometd.bayeux.server.BayeuxServer;
import org.cometd.bayeux.server.ServerChannel;
import org.cometd.bayeux.server.ServerMessage;
import org.cometd.bayeux.server.ServerSession;
import org.cometd.server.BayeuxServerImpl;
import org.cometd.server.DefaultSecurityPolicy;
import org.cometd.server.ext.AcknowledgedMessagesExtension;
import org.cometd.server.http.jakarta.CometDServlet;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A real CometD 9.0.0 server (its {@code CometDServlet}, long-polling) on an embedded Jetty 12, playing the same
 * application as {@link ChatHandler}: anyone may subscribe except to {@code /private/**}, wildcards only below
 * {@code /chat/}; {@code /service/echo} answers with its data, {@code /service/refuse} fails,
 * {@code /service/silent} never answers, {@code /service/feed} publishes {@code {n:1}..{n:count}} to
 * {@code /feed/numbers}, one every 20 ms; the ack extension is installed, as a CometD deployment that offers it
 * does. Test scope only: the reference the front door's traces are compared with.
 */
public final class CometdReferenceServer implements AutoCloseable {
    private final Server server = new Server();
    private final ServerConnector connector = new ServerConnector(server);
    private final BayeuxServerImpl bayeux;
    /** The clients whose {@code /meta/connect} the server holds now. */
    private final Set<String> holding = ConcurrentHashMap.newKeySet();

    public CometdReferenceServer() throws Exception {
        connector.setPort(0);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        ServletHolder cometd = context.addServlet(CometDServlet.class, "/cometd/*");
        cometd.setInitParameter("timeout", "25000");
        cometd.setInitParameter("ws.cometdURLMapping", "/cometd/*");
        cometd.setInitOrder(1);
        cometd.setAsyncSupported(true);
        server.setHandler(context);
        server.start();
        bayeux = (BayeuxServerImpl) context.getServletContext().getAttribute(BayeuxServer.ATTRIBUTE);
        bayeux.addExtension(new AcknowledgedMessagesExtension());
        bayeux.addListener(new BayeuxServer.SessionListener() {
            @Override
            public void sessionAdded(ServerSession session, ServerMessage message) {
                session.addListener(new ServerSession.HeartBeatListener() {
                    @Override
                    public void onSuspended(ServerSession suspended, ServerMessage connect, long timeout) {
                        holding.add(suspended.getId());
                    }

                    @Override
                    public void onResumed(ServerSession resumed, ServerMessage connect, boolean timeout) {
                        holding.remove(resumed.getId());
                    }
                });
            }
        });
        bayeux.setSecurityPolicy(new DefaultSecurityPolicy() {
            @Override
            public void canSubscribe(BayeuxServer server, ServerSession session, ServerChannel channel,
                    ServerMessage message, Promise<Boolean> promise) {
                String id = channel.getId();
                boolean wildOk = !channel.isWild() || id.startsWith("/chat/");
                promise.succeed(!id.startsWith("/private/") && wildOk);
            }
        });
        service("/service/echo", (from, message) -> reply(from, message, true, message.getData()));
        service("/service/refuse", (from, message) -> reply(from, message, false, "not for you"));
        service("/service/silent", (from, message) -> { });
        service("/service/feed", (from, message) -> {
            feed(((Number) message.getDataAsMap().get("count")).intValue());
            reply(from, message, true, message.getData());
        });
    }

    private interface Service {
        void call(ServerSession from, ServerMessage message);
    }

    private void service(String channel, Service service) {
        bayeux.createChannelIfAbsent(channel).getReference().addListener(new ServerChannel.MessageListener() {
            @Override
            public boolean onMessage(ServerSession from, ServerChannel on, ServerMessage.Mutable message) {
                service.call(from, message);
                return true;
            }
        });
    }

    /** The reply a CometD {@code remoteCall} waits for: the call's channel and id, as CometD's own RemoteCall. */
    private void reply(ServerSession to, ServerMessage call, boolean successful, Object data) {
        ServerMessage.Mutable reply = bayeux.newMessage();
        reply.setChannel(call.getChannel());
        reply.setId(call.getId());
        reply.setSuccessful(successful);
        reply.setData(data);
        if (!successful) {
            reply.put("error", "403::" + data);
        }
        to.deliver(null, reply, Promise.noop());
    }

    private void feed(int count) {
        ServerChannel numbers = bayeux.createChannelIfAbsent("/feed/numbers").getReference();
        Feeder.start(count, n -> numbers.publish(null, Map.of("n", n), Promise.noop()));
    }

    /** The Bayeux URL, e.g. {@code http://127.0.0.1:PORT/cometd}. */
    public String bayeuxUrl() {
        return "http://127.0.0.1:" + port() + "/cometd";
    }

    /** Whether the server holds the {@code /meta/connect} of {@code clientId} now. */
    public boolean holdsConnect(String clientId) {
        return holding.contains(clientId);
    }

    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
