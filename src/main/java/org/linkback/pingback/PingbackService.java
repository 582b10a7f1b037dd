package org.linkback.pingback;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import org.apache.xmlrpc.XmlRpcException;
import org.apache.xmlrpc.common.ServerStreamConnection;
import org.apache.xmlrpc.util.SAXParsers;

import org.linkback.feed.PublishedBacklinks;
import org.linkback.http.ClientAddress;
import org.linkback.http.LimitedInputStream;
import org.linkback.receive.LinkReceiver;
import org.linkback.xml.SafeXml;

/**
 * {@code POST /xmlrpc}: the Pingback 1.0 endpoint.
 */
public final class PingbackService implements HttpService {

    private final PingbackXmlRpcServer server;
    private final int maxBodyBytes;

    public PingbackService(LinkReceiver receiver, PublishedBacklinks backlinks, int maxBodyBytes) {
        // Apache XML-RPC parses with one JVM-wide SAX factory: this one refuses DOCTYPEs
        SAXParsers.setSAXParserFactory(SafeXml.saxParserFactory());
        this.server = new PingbackXmlRpcServer(new PingbackMethods(receiver, backlinks));
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/", this::call)
                .any("/", (req, res) -> res.status(Status.METHOD_NOT_ALLOWED_405)
                        .header(HeaderNames.ALLOW, "POST")
                        .send("XML-RPC server accepts POST requests only.\n"));
    }

    private void call(ServerRequest req, ServerResponse res) throws XmlRpcException {
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        InputStream body = new LimitedInputStream(req.content().inputStream(), maxBodyBytes);
        server.execute(new PingbackRequestConfig(ClientAddress.of(req)), new ServerStreamConnection() {
            @Override
            public InputStream newInputStream() {
                return body;
            }

            @Override
            public OutputStream newOutputStream() {
                return answer;
            }

            @Override
            public void close() {
            }
        });
        res.header(HeaderNames.CONTENT_TYPE, "text/xml; charset=UTF-8");
        res.send(answer.toByteArray());
    }
}
