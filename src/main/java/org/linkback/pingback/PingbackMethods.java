package org.linkback.pingback;

import java.util.Map;
import java.util.TreeMap;

import org.apache.xmlrpc.XmlRpcException;
import org.apache.xmlrpc.XmlRpcHandler;
import org.apache.xmlrpc.XmlRpcRequest;
import org.apache.xmlrpc.server.XmlRpcHandlerMapping;

import org.linkback.backlink.Backlink;
import org.linkback.backlink.Kind;
import org.linkback.feed.PublishedBacklinks;
import org.linkback.receive.IncomingPing;
import org.linkback.receive.LinkReceiver;
import org.linkback.receive.PingRefusedException;

/**
 * The XML-RPC methods we answer, by name. Anything else (system.multicall included) is
 * an unknown method.
 */
final class PingbackMethods implements XmlRpcHandlerMapping {

    private static final int MAX_LISTED = 1000;

    private final Map<String, XmlRpcHandler> methods = new TreeMap<>();
    private final LinkReceiver receiver;
    private final PublishedBacklinks backlinks;

    PingbackMethods(LinkReceiver receiver, PublishedBacklinks backlinks) {
        this.receiver = receiver;
        this.backlinks = backlinks;
        methods.put("pingback.ping", this::ping);
        methods.put("pingback.extensions.getPingbacks", this::getPingbacks);
        methods.put("system.listMethods", request -> methods.keySet().toArray());
    }

    @Override
    public XmlRpcHandler getHandler(String name) throws XmlRpcException {
        XmlRpcHandler handler = methods.get(name);
        if (handler == null) {
            throw new XmlRpcException(PingbackFaults.METHOD_NOT_FOUND, "unknown method " + name);
        }
        return handler;
    }

    private Object ping(XmlRpcRequest request) throws XmlRpcException {
        String source = stringParameter(request, 0, 2);
        String target = stringParameter(request, 1, 2);
        String clientIp = ((PingbackRequestConfig) request.getConfig()).clientIp();
        try {
            Backlink mention = receiver.receive(new IncomingPing(Kind.PINGBACK, source, target, clientIp));
            return "Pingback from " + mention.source() + " to " + mention.target() + " registered. Keep the web talking!";
        } catch (PingRefusedException e) {
            throw PingbackFaults.of(e);
        }
    }

    private Object getPingbacks(XmlRpcRequest request) throws XmlRpcException {
        String target = stringParameter(request, 0, 1);
        return backlinks.ofArticle(target, null, MAX_LISTED)
                .orElseThrow(() -> new XmlRpcException(33, "the target is not on a site served here"))
                .mentions().stream().map(Backlink::source).toArray();
    }

    private static String stringParameter(XmlRpcRequest request, int index, int expectedCount) throws XmlRpcException {
        if (request.getParameterCount() != expectedCount) {
            throw new XmlRpcException(PingbackFaults.INVALID_PARAMS,
                                      request.getMethodName() + " takes " + expectedCount + " string parameter(s), got "
                                      + request.getParameterCount());
        }
        if (!(request.getParameter(index) instanceof String value)) {
            throw new XmlRpcException(PingbackFaults.INVALID_PARAMS,
                                      request.getMethodName() + ": parameter " + (index + 1) + " must be a string");
        }
        return value;
    }
}
