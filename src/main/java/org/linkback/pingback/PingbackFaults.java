package org.linkback.pingback;

import org.apache.xmlrpc.XmlRpcException;

import org.linkback.receive.PingRefusedException;

/**
 * Fault codes: the Pingback 1.0 ones for refused pings, and the XML-RPC interoperability
 * ones (-32xxx) for requests that are not proper XML-RPC.
 */
final class PingbackFaults {

    static final int GENERIC = 0;
    static final int PARSE_ERROR = -32700;
    static final int INVALID_REQUEST = -32600;
    static final int METHOD_NOT_FOUND = -32601;
    static final int INVALID_PARAMS = -32602;

    private PingbackFaults() {
    }

    static XmlRpcException of(PingRefusedException e) {
        int code = switch (e.refusal()) {
            case GENERIC -> 0;
            case SOURCE_NOT_FOUND, SOURCE_GONE -> 16;
            case NO_LINK -> 17;
            case TARGET_NOT_FOUND -> 32;
            case TARGET_NOT_SUPPORTED -> 33;
            case ALREADY_REGISTERED -> 48;
            case ACCESS_DENIED, BLOCKED -> 49;
            case UPSTREAM_ERROR, GAVE_UP -> 50;
        };
        return new XmlRpcException(code, e.getMessage());
    }
}
