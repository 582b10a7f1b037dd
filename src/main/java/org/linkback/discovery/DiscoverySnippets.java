package org.linkback.discovery;

import java.io.StringWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

import org.jsoup.nodes.Element;

import org.linkback.activitypub.Fediverse;
import org.linkback.text.Text;

/**
 * What a site owner pastes into an article so that blogs find our endpoints.
 * Every snippet is built by an HTML or XML writer, never by pasting strings together.
 */
record DiscoverySnippets(String target,
                         String xPingback,
                         String pingbackLink,
                         String webmentionLink,
                         String linkHeader,
                         String trackbackPing,
                         String trackbackRdf,
                         String activityPubLink) {

    private static final String RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
    private static final String DC = "http://purl.org/dc/elements/1.1/";
    private static final String TRACKBACK = "http://madskills.com/public/xml/rss/module/trackback/";

    /** @param article the article's object for the fediverse, or null when its site is not on the fediverse */
    static DiscoverySnippets of(URI publicUrl, URI target, String title, URI article) {
        String xmlrpc = publicUrl + "/xmlrpc";
        String webmention = publicUrl + "/webmention";
        String ping = publicUrl + "/trackback?target=" + URLEncoder.encode(target.toString(), StandardCharsets.UTF_8);
        return new DiscoverySnippets(target.toString(),
                                     xmlrpc,
                                     new Element("link").attr("rel", "pingback").attr("href", xmlrpc).outerHtml(),
                                     new Element("link").attr("rel", "webmention").attr("href", webmention).outerHtml(),
                                     "Link: <" + webmention + ">; rel=\"webmention\"",
                                     ping,
                                     rdf(target.toString(), title, ping),
                                     article == null ? null : new Element("link").attr("rel", "alternate")
                                             .attr("type", "application/activity+json")
                                             .attr("href", Fediverse.articleObjectUrl(publicUrl, article)).outerHtml());
    }

    /** The TrackBack auto-discovery block, inside an HTML comment as the TrackBack spec shows it. */
    private static String rdf(String target, String title, String ping) {
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter xml = XMLOutputFactory.newInstance().createXMLStreamWriter(out);
            xml.writeStartElement("rdf", "RDF", RDF);
            xml.writeNamespace("rdf", RDF);
            xml.writeNamespace("dc", DC);
            xml.writeNamespace("trackback", TRACKBACK);
            xml.writeCharacters("\n  ");
            xml.writeEmptyElement("rdf", "Description", RDF);
            xml.writeAttribute("rdf", RDF, "about", target);
            xml.writeAttribute("dc", DC, "identifier", target);
            xml.writeAttribute("dc", DC, "title", Text.xmlSafe(title));
            xml.writeAttribute("trackback", TRACKBACK, "ping", ping);
            xml.writeCharacters("\n");
            xml.writeEndElement();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
        // "--" may not appear inside an HTML comment; as character references it means the same in XML.
        return "<!--\n" + out.toString().replace("--", "&#45;&#45;") + "\n-->";
    }
}
