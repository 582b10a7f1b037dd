package org.linkback.pingback;

import org.apache.xmlrpc.common.XmlRpcHttpRequestConfigImpl;

/**
 * Per-request XML-RPC settings, carrying the client's IP to the method handlers.
 */
final class PingbackRequestConfig extends XmlRpcHttpRequestConfigImpl {

    private final String clientIp;

    PingbackRequestConfig(String clientIp) {
        this.clientIp = clientIp;
    }

    String clientIp() {
        return clientIp;
    }
}
