package org.linkback.send;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import org.linkback.fetch.FetchException;
import org.linkback.fetch.Fetched;
import org.linkback.fetch.SafeFetcher;
import org.linkback.text.Text;
import org.linkback.xml.SafeXml;

/**
 * Sends one notification in the endpoint's protocol, through the safe fetcher's rules.
 * Success: a webmention answered 2xx, a pingback answered with a string or fault 48 (already
 * registered), a TrackBack answered {@code <error>0</error>}. Anything else is a {@link SendFailure}.
 */
final class Notifier {

    /** TrackBack excerpts are cut to this many characters ("…" included). */
    static final int TRACKBACK_EXCERPT = 252;
    private static final int PINGBACK_ALREADY_REGISTERED = 48;
    private static final int PINGBACK_UPSTREAM_ERROR = 50;
    /** WordPress dies with the HTTP status 429 on a comment flood; its XML-RPC handler makes that the fault code. */
    private static final int WORDPRESS_FLOOD = 429;

    private final SafeFetcher fetcher;

    Notifier(SafeFetcher fetcher) {
        this.fetcher = fetcher;
    }

    /** What our article says about itself, for TrackBack's fields. */
    record Article(URI url, String title, String excerpt, String blogName) {
    }

    /**
     * @return a short description of the success, e.g. "accepted (202)"
     * @throws SendFailure when the notification was not taken
     */
    String notify(Endpoint endpoint, Article source, URI target) {
        return switch (endpoint.protocol()) {
            case WEBMENTION -> webmention(endpoint.url(), source.url(), target);
            case PINGBACK -> pingback(endpoint.url(), source.url(), target);
            case TRACKBACK -> trackback(endpoint.url(), source);
        };
    }

    private String webmention(URI endpoint, URI source, URI target) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("source", source.toString());
        fields.put("target", target.toString());
        Fetched answer = post(endpoint, "application/x-www-form-urlencoded; charset=utf-8", form(fields), "*/*", "webmention");
        if (!answer.isSuccess()) {
            throw SendFailure.ofAnswer("the webmention endpoint", answer);
        }
        return "accepted (" + answer.status() + ")";
    }

    private String pingback(URI endpoint, URI source, URI target) {
        Fetched answer = post(endpoint, "text/xml; charset=utf-8", pingbackCall(source, target), "text/xml", "pingback");
        if (answer.status() != 200) {
            throw SendFailure.ofAnswer("the pingback server", answer);
        }
        Document xml;
        try {
            xml = SafeXml.parse(answer.body());
        } catch (IllegalArgumentException e) {
            throw new SendFailure("the pingback server's answer is not XML-RPC: " + e.getMessage(), false, 200, null);
        }
        NodeList faults = xml.getElementsByTagName("fault");
        if (faults.getLength() == 0) {
            return "registered";
        }
        Map<String, String> fault = faultMembers((Element) faults.item(0));
        int code = parseInt(fault.getOrDefault("faultCode", "0"));
        if (code == PINGBACK_ALREADY_REGISTERED) {
            return "registered already (fault 48)";
        }
        if (code == WORDPRESS_FLOOD) {
            // WordPress's "You are posting comments too quickly" (in the blog's language): a wait, not a refusal
            throw new SendFailure("fault 429 (too quickly; trying again in " + SendFailure.FLOOD_WAIT.toSeconds() + " s): "
                                  + fault.getOrDefault("faultString", ""), true, 200, code, SendFailure.FLOOD_WAIT);
        }
        throw new SendFailure("fault " + code + ": " + fault.getOrDefault("faultString", ""), code == PINGBACK_UPSTREAM_ERROR, 200, code);
    }

    private String trackback(URI endpoint, Article source) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("title", nonEmpty(source.title(), source.url().toString()));
        fields.put("url", source.url().toString());
        fields.put("excerpt", Text.cap(nonEmpty(source.excerpt(), fields.get("title")), TRACKBACK_EXCERPT));
        fields.put("blog_name", nonEmpty(source.blogName(), source.url().getHost()));
        Fetched answer = post(endpoint, "application/x-www-form-urlencoded; charset=utf-8", form(fields), "text/xml", "trackback");
        if (!answer.isSuccess()) {
            throw SendFailure.ofAnswer("the TrackBack endpoint", answer, true); // WordPress's TrackBack flood: 429
        }
        Document xml;
        try {
            xml = SafeXml.parse(answer.body());
        } catch (IllegalArgumentException e) {
            throw new SendFailure("the TrackBack answer is not XML: " + e.getMessage(), false, answer.status(), null);
        }
        String error = text(xml, "error");
        if (!"0".equals(error)) {
            String message = text(xml, "message");
            throw new SendFailure("TrackBack error " + error + (message.isEmpty() ? "" : ": " + message), false, answer.status(), null);
        }
        return "accepted";
    }

    private Fetched post(URI endpoint, String contentType, byte[] body, String accept, String protocol) {
        try {
            return fetcher.post(endpoint, contentType, body, accept, "sending a " + protocol);
        } catch (FetchException e) {
            throw new SendFailure("could not reach the endpoint: " + e.getMessage(), e.failure().isTransient(), null, null);
        }
    }

    /** {@code pingback.ping(source, target)} as an XML-RPC call, written by the JDK's XML writer. */
    static byte[] pingbackCall(URI source, URI target) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            XMLStreamWriter xml = XMLOutputFactory.newInstance().createXMLStreamWriter(out, "utf-8");
            xml.writeStartDocument("utf-8", "1.0");
            xml.writeStartElement("methodCall");
            xml.writeStartElement("methodName");
            xml.writeCharacters("pingback.ping");
            xml.writeEndElement();
            xml.writeStartElement("params");
            for (URI value : new URI[] {source, target}) {
                xml.writeStartElement("param");
                xml.writeStartElement("value");
                xml.writeStartElement("string");
                xml.writeCharacters(value.toString());
                xml.writeEndElement();
                xml.writeEndElement();
                xml.writeEndElement();
            }
            xml.writeEndElement();
            xml.writeEndElement();
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    /** faultCode and faultString of an XML-RPC fault, as text. */
    private static Map<String, String> faultMembers(Element fault) {
        Map<String, String> members = new LinkedHashMap<>();
        NodeList list = fault.getElementsByTagName("member");
        for (int i = 0; i < list.getLength(); i++) {
            Element member = (Element) list.item(i);
            NodeList names = member.getElementsByTagName("name");
            NodeList values = member.getElementsByTagName("value");
            if (names.getLength() > 0 && values.getLength() > 0) {
                members.put(names.item(0).getTextContent().strip(), values.item(0).getTextContent().strip());
            }
        }
        return members;
    }

    private static String text(Document xml, String element) {
        NodeList nodes = xml.getElementsByTagName(element);
        return nodes.getLength() == 0 ? "" : nodes.item(0).getTextContent().strip();
    }

    private static int parseInt(String text) {
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String nonEmpty(String text, String otherwise) {
        return text == null || text.isBlank() ? otherwise : text;
    }

    private static byte[] form(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"))
                .getBytes(StandardCharsets.US_ASCII);
    }
}
