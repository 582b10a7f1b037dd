package org.linkback.send;

import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.xmlrpc.XmlRpcException;
import org.apache.xmlrpc.server.PropertyHandlerMapping;
import org.apache.xmlrpc.webserver.WebServer;

/**
 * An independent pingback server for tests: Apache XML-RPC's own little web server (not our
 * code path), recording every {@code pingback.ping} and answering fault 48 for a repeat.
 */
public final class PingbackReceiver implements AutoCloseable {

    /** Calls received, as {source, target}. */
    static final List<String[]> CALLS = new CopyOnWriteArrayList<>();

    private final WebServer server;

    /** The XML-RPC handler: Apache XML-RPC makes one per call, so it records in a static list. */
    public static class Pingback {

        public String ping(String source, String target) throws XmlRpcException {
            boolean repeat = CALLS.stream().anyMatch(call -> call[0].equals(source) && call[1].equals(target));
            CALLS.add(new String[] {source, target});
            if (repeat) {
                throw new XmlRpcException(48, "The pingback has already been registered.");
            }
            return "Thanks for the ping from " + source;
        }
    }

    PingbackReceiver() throws Exception {
        server = new WebServer(0, InetAddress.getLoopbackAddress());
        PropertyHandlerMapping mapping = new PropertyHandlerMapping();
        mapping.addHandler("pingback", Pingback.class);
        server.getXmlRpcServer().setHandlerMapping(mapping);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getPort() + "/RPC2";
    }

    List<String[]> callsFor(String target) {
        return CALLS.stream().filter(call -> call[1].equals(target)).toList();
    }

    @Override
    public void close() {
        server.shutdown();
    }
}
