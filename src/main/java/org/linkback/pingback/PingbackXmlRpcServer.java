package org.linkback.pingback;

import java.io.InputStream;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.apache.xmlrpc.XmlRpcException;
import org.apache.xmlrpc.XmlRpcRequest;
import org.apache.xmlrpc.common.XmlRpcStreamRequestConfig;
import org.apache.xmlrpc.server.XmlRpcServerConfigImpl;
import org.apache.xmlrpc.server.XmlRpcStreamServer;

import org.linkback.http.LimitedInputStream;
import org.linkback.text.Text;

/**
 * Apache XML-RPC's stream server with extensions off and every failure turned into a
 * plain fault: parse errors, oversized bodies and unexpected exceptions never leak details.
 */
final class PingbackXmlRpcServer extends XmlRpcStreamServer {

    private static final Logger LOG = Logger.getLogger(PingbackXmlRpcServer.class.getName());

    PingbackXmlRpcServer(PingbackMethods methods) {
        XmlRpcServerConfigImpl config = new XmlRpcServerConfigImpl();
        config.setEnabledForExtensions(false);
        config.setEnabledForExceptions(false);
        setConfig(config);
        setHandlerMapping(methods);
    }

    @Override
    protected XmlRpcRequest getRequest(XmlRpcStreamRequestConfig config, InputStream stream) throws XmlRpcException {
        try {
            return super.getRequest(config, stream);
        } catch (XmlRpcException e) {
            LimitedInputStream.TooLargeException tooLarge = causeOf(e, LimitedInputStream.TooLargeException.class);
            if (tooLarge != null) {
                throw new XmlRpcException(PingbackFaults.INVALID_REQUEST, tooLarge.getMessage());
            }
            String reason = String.valueOf(e.getMessage()).contains("DOCTYPE") ? ": DOCTYPE is not allowed" : "";
            throw new XmlRpcException(PingbackFaults.PARSE_ERROR, "malformed XML-RPC request" + reason);
        }
    }

    @Override
    protected Throwable convertThrowable(Throwable t) {
        Throwable converted = super.convertThrowable(t);
        if (converted instanceof XmlRpcException fault) {
            // A fault string may echo the request (a method name from an XML 1.1 body may hold &#1;):
            // keep only what XML 1.0 allows, or the answer would not be well-formed.
            return new XmlRpcException(fault.code, Text.xmlSafe(String.valueOf(fault.getMessage())));
        }
        LOG.log(Level.WARNING, "unexpected failure in an XML-RPC call", converted);
        return new XmlRpcException(PingbackFaults.GENERIC, "internal error");
    }

    @Override
    protected void logError(Throwable t) {
        // Faults are answers, not server errors: the receiver already logged refused pings.
        LOG.fine(() -> "XML-RPC fault: " + t.getMessage());
    }

    private static <T extends Throwable> T causeOf(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
            if (t instanceof XmlRpcException x && x.linkedException != null && x.linkedException != t.getCause()
                    && type.isInstance(x.linkedException)) {
                return type.cast(x.linkedException);
            }
        }
        return null;
    }
}
