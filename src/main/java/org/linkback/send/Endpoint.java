package org.linkback.send;

import java.net.URI;

/** Where and how to notify a target page. */
record Endpoint(Protocol protocol, URI url) {
}
