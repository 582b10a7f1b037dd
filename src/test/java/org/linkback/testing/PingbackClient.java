package org.linkback.testing;

import java.net.MalformedURLException;
import java.net.URI;

import org.apache.xmlrpc.XmlRpcException;
import org.apache.xmlrpc.client.XmlRpcClient;
import org.apache.xmlrpc.client.XmlRpcClientConfigImpl;

/**
 * A real XML-RPC client, as a pinging blog would use, pointed at our own test server only.
 */
public final class PingbackClient {

    private final XmlRpcClient client = new XmlRpcClient();

    public PingbackClient(String endpoint) {
        XmlRpcClientConfigImpl config = new XmlRpcClientConfigImpl();
        try {
            config.setServerURL(URI.create(endpoint).toURL());
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(e);
        }
        client.setConfig(config);
    }

    public Object call(String method, Object... parameters) throws XmlRpcException {
        return client.execute(method, parameters);
    }

    public String ping(String source, String target) throws XmlRpcException {
        return (String) call("pingback.ping", source, target);
    }

    /** The fault code the ping gets, or fails the test if it succeeds. */
    public int faultOf(String source, String target) {
        try {
            String answer = ping(source, target);
            throw new AssertionError("expected a fault, got: " + answer);
        } catch (XmlRpcException e) {
            return e.code;
        }
    }
}
